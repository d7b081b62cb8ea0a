namespace LoopFunctions.Loops.Sandbox;

/// <summary>One connection the egress proxy refused because its destination is not in <c>agent.network</c>.</summary>
/// <param name="Host">The host the client asked for, as it asked (a name is not resolved to be recorded).</param>
/// <param name="Port">The port it asked for.</param>
/// <param name="Time">When it asked.</param>
public sealed record EgressDenial(string Host, int Port, DateTimeOffset Time);

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>argv and the variables (beyond the sandbox's home) of one CLI run.</summary>
internal sealed record AgentCliInvocation(IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Environment);

using LoopFunctions.Triggers.Http;

namespace LoopFunctions.Triggers.Starting;

/// <summary>The outcome of an HTTP start: the started run's id, or the answer that explains why nothing started.</summary>
/// <remarks>A started run is answered by each host with its own check-status payload (202 + <c>Location</c>): the
/// Functions app with <c>CreateCheckStatusResponseAsync</c>, <c>loopfn serve</c> with its management routes.</remarks>
public sealed record HttpStartResult(string? InstanceId, TriggerResponse? Error)
{
    public static HttpStartResult Started(string instanceId) => new(instanceId, null);

    public static HttpStartResult Refused(TriggerResponse error) => new(null, error);
}

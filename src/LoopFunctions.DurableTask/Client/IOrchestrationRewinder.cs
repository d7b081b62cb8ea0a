namespace LoopFunctions.DurableTask.Client;

/// <summary>A backend's own way to rewind a Failed instance. DurableTask.AzureStorage has one (it rewrites the history,
/// the path Durable Functions uses on it, and drops messages to finished instances); a backend without one gets DTFx
/// 3's <c>ExecutionRewoundEvent</c> from <see cref="DurableEngineClient"/>.</summary>
public interface IOrchestrationRewinder
{
    /// <summary>Rewinds <paramref name="instanceId"/>, already known to be Failed.</summary>
    Task RewindAsync(string instanceId, string reason);
}

using DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Client;

namespace LoopFunctions.DurableTask.AzureStorage;

/// <summary>Azure Storage's own rewind: it rewrites the history, the path Durable Functions uses on this backend.</summary>
internal sealed class AzureStorageRewinder(AzureStorageOrchestrationService service) : IOrchestrationRewinder
{
    public Task RewindAsync(string instanceId, string reason) => service.RewindTaskOrchestrationAsync(instanceId, reason);
}

using Azure;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>What this worker remembers about an orchestration work item it handed out.</summary>
internal sealed class OrchestrationLock(string instanceId, IReadOnlyList<BufferedMessage> messages, ETag etag)
{
    public string InstanceId { get; } = instanceId;

    public IReadOnlyList<BufferedMessage> Messages { get; } = messages;

    /// <summary>The instance row's etag after the last lock write.</summary>
    public ETag ETag { get; set; } = etag;
}

using System.ComponentModel.DataAnnotations;

namespace LoopFunctions.Durable;

/// <summary>
/// Engine settings. Bound from <c>host.json</c> <c>extensions.durableTask</c>; names follow Durable Functions where
/// it has the setting.
/// </summary>
public sealed class DurableTaskOptions
{
    /// <summary>The task hub: instances of different hubs in one store never see each other. Default "LoopFunctions".</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "hubName must start with a letter and have 3 to 45 letters or digits.")]
    public string HubName { get; set; } = "LoopFunctions";

    /// <summary>Activities run at once by one worker. Default 10 times the processor count, as Durable Functions.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentActivityFunctions { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Orchestration episodes run at once by one worker. Default 10 times the processor count.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>How long a worker holds an activity before it must renew; it renews at a third of it. A dead worker's
    /// activities come back after this long. Default 60 s.</summary>
    public TimeSpan ActivityLockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a worker holds an instance for one episode. Default 30 s.</summary>
    public TimeSpan OrchestrationLockDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries of one activity request before it is failed as poison (<c>PoisonMessage</c>). Default 5.</summary>
    [Range(1, 1000)]
    public int MaxActivityDeliveries { get; set; } = 5;

    /// <summary>Longest idle wait between polls of the store. Default 1 s (Durable Functions: 30 s).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Instances whose replay state is kept in memory between episodes (extended sessions). Default 10,000.</summary>
    [Range(0, 10_000_000)]
    public int MaxCachedInstances { get; set; } = 10_000;

    /// <summary>Largest serialized input, output, event or custom status. Larger payloads are rejected with
    /// <see cref="PayloadTooLargeException"/>, never truncated. Default 4 MiB.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxPayloadBytes { get; set; } = 4 * 1024 * 1024;
}

namespace LoopFunctions.DurableTask.Configuration;

/// <summary>
/// The DurableTask.AzureStorage settings LoopFunctions uses where they differ from Durable Functions' defaults, chosen
/// for several workers sharing a task hub on loaded machines (measured with the 3-worker scale-out test and the bench,
/// README "Performance"). A Durable Functions app gets the same behaviour from host.json
/// <c>extensions.durableTask.storageProvider</c>: <c>"controlQueueVisibilityTimeout": "00:02:00"</c>,
/// <c>"workItemQueueVisibilityTimeout": "00:01:00"</c>, <c>"controlQueueBufferThreshold": 64</c>.
/// </summary>
/// <remarks>
/// Partitions move between live workers whenever one starts (DTFx's balancer steals leases from the worker that took
/// them first) and when one dies. Messages the old owner had already dequeued stay invisible until their visibility
/// timeout runs out (DurableTask.AzureStorage 2.x does not abandon them on release: Azure/durabletask#1355), so the
/// visibility timeout is the stall every move costs: 5 minutes on Durable Functions' defaults. A short one has its own
/// cost: a control message still buffered or in an episode when it expires is dequeued again, by another worker too,
/// and the episode then fails on a pop receipt mismatch and runs again, which loads the worker further. Measured on
/// this project's 2-core machine under load averages of 20-57: at 20 s (what the scale-out test used to set) runs
/// failed on pop receipt mismatches as soon as partitions moved; at 1 minute one worker, on partitions it had held since
/// its start, still received its messages again up to 7 times; at 2 minutes none was received twice (two test runs).
/// </remarks>
public static class AzureStorageScaleOut
{
    /// <summary>How long a dequeued control-queue message stays invisible: the longest wait a partition move adds.</summary>
    public static readonly TimeSpan ControlQueueVisibilityTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How long a dequeued activity message stays invisible between renewals (DTFx renews it while the
    /// activity runs): the longest an activity held by a dead worker waits for another.</summary>
    public static readonly TimeSpan WorkItemQueueVisibilityTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Control messages a worker holds dequeued in memory ahead of its episodes.</summary>
    public const int ControlQueueBufferThreshold = 64;
}

namespace LoopFunctions.Durable.CrashHost;

/// <summary>Short leases, so that work a killed process held comes back within seconds instead of a minute.</summary>
public static class CrashOptions
{
    public static DurableTaskOptions Create() => new()
    {
        ActivityLockDuration = TimeSpan.FromSeconds(2),
        OrchestrationLockDuration = TimeSpan.FromSeconds(2),
        MaxQueuePollingInterval = TimeSpan.FromMilliseconds(50),
        MaxActivityDeliveries = 100,

        // Few at once, so the work lasts long enough for a dozen kills at random points.
        MaxConcurrentActivityFunctions = 2,
    };
}

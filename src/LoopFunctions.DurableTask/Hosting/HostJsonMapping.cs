using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Sqlite;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>host.json's settings onto the SQLite backend's settings; unset values keep the backend's defaults (the
/// Azure Storage mapping is in LoopFunctions.DurableTask.AzureStorage).</summary>
internal static class HostJsonMapping
{
    public static void Apply(HostJsonSettings settings, SqliteOrchestrationServiceSettings sqlite)
    {
        sqlite.Path = settings.SqlitePath;
        sqlite.TaskHubName = settings.HubName;
        sqlite.MaxConcurrentTaskActivityWorkItems = settings.MaxConcurrentActivityFunctions;
        sqlite.MaxConcurrentTaskOrchestrationWorkItems = settings.MaxConcurrentOrchestratorFunctions;
        sqlite.ExtendedSessionsEnabled = settings.ExtendedSessionsEnabledForBackend;
        sqlite.ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(settings.ExtendedSessionIdleTimeoutInSeconds);
        var s = settings.Sqlite;
        sqlite.MaxQueuePollingInterval = s.MaxQueuePollingInterval ?? sqlite.MaxQueuePollingInterval;
        sqlite.OrchestrationLockTimeout = s.OrchestrationLockTimeout ?? sqlite.OrchestrationLockTimeout;
        sqlite.ActivityLockTimeout = s.ActivityLockTimeout ?? sqlite.ActivityLockTimeout;
        sqlite.MaxDeliveryCount = s.MaxDeliveryCount ?? sqlite.MaxDeliveryCount;
        sqlite.MaxPayloadBytes = s.MaxPayloadBytes ?? sqlite.MaxPayloadBytes;
        sqlite.Synchronous = s.Synchronous ?? sqlite.Synchronous;
    }
}

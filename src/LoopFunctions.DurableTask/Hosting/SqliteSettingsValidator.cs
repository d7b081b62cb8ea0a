using LoopFunctions.DurableTask.Sqlite;
using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>Checks the SQLite backend's settings at start; each message names the setting and its host.json key.</summary>
internal sealed class SqliteSettingsValidator : IValidateOptions<SqliteOrchestrationServiceSettings>
{
    public ValidateOptionsResult Validate(string? name, SqliteOrchestrationServiceSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Check(bool ok, string setting, string rule, object? value)
        {
            if (!ok)
            {
                errors.Add($"SqliteOrchestrationServiceSettings.{setting}: {rule} (was '{value}').");
            }
        }

        Check(!string.IsNullOrWhiteSpace(options.Path), "Path (host.json storageProvider.path)", "required", options.Path);
        Check(!string.IsNullOrWhiteSpace(options.TaskHubName), "TaskHubName (host.json hubName)", "required", options.TaskHubName);
        Check(options.MaxConcurrentTaskActivityWorkItems >= 1, "MaxConcurrentTaskActivityWorkItems (host.json maxConcurrentActivityFunctions)", "must be at least 1", options.MaxConcurrentTaskActivityWorkItems);
        Check(options.MaxConcurrentTaskOrchestrationWorkItems >= 1, "MaxConcurrentTaskOrchestrationWorkItems (host.json maxConcurrentOrchestratorFunctions)", "must be at least 1", options.MaxConcurrentTaskOrchestrationWorkItems);
        Check(options.OrchestrationLockTimeout > TimeSpan.Zero, "OrchestrationLockTimeout", "must be more than zero", options.OrchestrationLockTimeout);
        Check(options.ActivityLockTimeout > TimeSpan.Zero, "ActivityLockTimeout", "must be more than zero", options.ActivityLockTimeout);
        Check(options.ExtendedSessionIdleTimeout > TimeSpan.Zero, "ExtendedSessionIdleTimeout (host.json extendedSessionIdleTimeoutInSeconds)", "must be more than zero", options.ExtendedSessionIdleTimeout);
        Check(options.MaxQueuePollingInterval > TimeSpan.Zero, "MaxQueuePollingInterval", "must be more than zero", options.MaxQueuePollingInterval);
        Check(options.MaxDeliveryCount >= 1, "MaxDeliveryCount", "must be at least 1", options.MaxDeliveryCount);
        Check(options.MaxPayloadBytes >= 1024, "MaxPayloadBytes", "must be at least 1024", options.MaxPayloadBytes);
        Check(options.TimeProvider is not null, "TimeProvider", "required", null);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

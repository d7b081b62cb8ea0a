using System.Globalization;
using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>The one set of rules for <see cref="SqliteOrchestrationServiceSettings"/>: the options validator the engine
/// registers with <c>UseSqlite</c> (checked when the host starts), <see cref="SqliteOrchestrationServiceSettings.Validate"/>
/// (the service's constructor) and host.json's reader (through the limits below) all apply these, so a value gets the
/// same verdict whichever way it was given. Each failure names the setting, its host.json key when it has one, and the
/// rule.</summary>
public sealed class SqliteSettingsValidator : IValidateOptions<SqliteOrchestrationServiceSettings>
{
    /// <summary>The shortest lock an orchestration or activity may take: a shorter one expires under a running step.</summary>
    public static readonly TimeSpan MinimumLockTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The shortest wait between two looks at the file for another process's work.</summary>
    public static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The fewest bytes <see cref="SqliteOrchestrationServiceSettings.MaxPayloadBytes"/> may allow.</summary>
    public const int MinimumPayloadBytes = 1024;

    /// <summary>The most deliveries <see cref="SqliteOrchestrationServiceSettings.MaxDeliveryCount"/> may allow.</summary>
    public const int MaximumDeliveryCount = 1000;

    /// <summary>The most <see cref="SqliteOrchestrationServiceSettings.OrchestrationFetchLoops"/>: past a handful they
    /// only add polls.</summary>
    public const int MaximumFetchLoops = 64;

    /// <summary>The longest <see cref="SqliteOrchestrationServiceSettings.TaskHubName"/>.</summary>
    public const int MaximumTaskHubNameLength = 100;

    public ValidateOptionsResult Validate(string? name, SqliteOrchestrationServiceSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
    }

    internal static List<SqliteSettingProblem> Problems(SqliteOrchestrationServiceSettings s)
    {
        var problems = new List<SqliteSettingProblem>();
        void Check(bool ok, string setting, string? hostJsonKey, string rule, object? value)
        {
            if (!ok)
            {
                problems.Add(new SqliteSettingProblem(setting, hostJsonKey, rule, value));
            }
        }

        Check(!string.IsNullOrWhiteSpace(s.Path), nameof(s.Path), "storageProvider.path", "required", s.Path);
        Check(!string.IsNullOrWhiteSpace(s.TaskHubName) && s.TaskHubName.Length <= MaximumTaskHubNameLength, nameof(s.TaskHubName), "hubName", Inv($"required, at most {MaximumTaskHubNameLength} characters"), s.TaskHubName);
        Check(s.MaxConcurrentTaskActivityWorkItems >= 1, nameof(s.MaxConcurrentTaskActivityWorkItems), "maxConcurrentActivityFunctions", "must be at least 1", s.MaxConcurrentTaskActivityWorkItems);
        Check(s.MaxConcurrentTaskOrchestrationWorkItems >= 1, nameof(s.MaxConcurrentTaskOrchestrationWorkItems), "maxConcurrentOrchestratorFunctions", "must be at least 1", s.MaxConcurrentTaskOrchestrationWorkItems);
        Check(s.OrchestrationFetchLoops is >= 1 and <= MaximumFetchLoops, nameof(s.OrchestrationFetchLoops), null, Inv($"must be between 1 and {MaximumFetchLoops}"), s.OrchestrationFetchLoops);
        Check(s.MaxConcurrentTaskEntityWorkItems >= 1, nameof(s.MaxConcurrentTaskEntityWorkItems), "maxConcurrentEntityFunctions", "must be at least 1", s.MaxConcurrentTaskEntityWorkItems);
        Check(s.MaxEntityOperationBatchSize is null or >= 1, nameof(s.MaxEntityOperationBatchSize), "maxEntityOperationBatchSize", "must be at least 1 when set", s.MaxEntityOperationBatchSize);
        Check(s.OrchestrationLockTimeout >= MinimumLockTimeout, nameof(s.OrchestrationLockTimeout), "storageProvider.orchestrationLockTimeout", Inv($"must be at least {MinimumLockTimeout:c}"), s.OrchestrationLockTimeout);
        Check(s.ActivityLockTimeout >= MinimumLockTimeout, nameof(s.ActivityLockTimeout), "storageProvider.activityLockTimeout", Inv($"must be at least {MinimumLockTimeout:c}"), s.ActivityLockTimeout);
        Check(s.ExtendedSessionIdleTimeout > TimeSpan.Zero, nameof(s.ExtendedSessionIdleTimeout), "extendedSessionIdleTimeoutInSeconds", "must be more than zero", s.ExtendedSessionIdleTimeout);
        Check(s.MaxQueuePollingInterval >= MinimumPollingInterval, nameof(s.MaxQueuePollingInterval), "storageProvider.maxQueuePollingInterval", Inv($"must be at least {MinimumPollingInterval:c}"), s.MaxQueuePollingInterval);
        Check(s.MaxDeliveryCount is >= 1 and <= MaximumDeliveryCount, nameof(s.MaxDeliveryCount), "storageProvider.maxDeliveryCount", Inv($"must be between 1 and {MaximumDeliveryCount}"), s.MaxDeliveryCount);
        Check(s.MaxPayloadBytes >= MinimumPayloadBytes, nameof(s.MaxPayloadBytes), "storageProvider.maxPayloadBytes", Inv($"must be at least {MinimumPayloadBytes}"), s.MaxPayloadBytes);
        Check(s.MaxMessagesPerEpisode >= 1, nameof(s.MaxMessagesPerEpisode), null, "must be at least 1", s.MaxMessagesPerEpisode);
        Check(s.BusyTimeout >= TimeSpan.FromMilliseconds(1), nameof(s.BusyTimeout), null, "must be at least 00:00:00.0010000", s.BusyTimeout);
        Check(s.AbandonBackoff >= TimeSpan.Zero, nameof(s.AbandonBackoff), null, "must not be negative", s.AbandonBackoff);
        Check(s.DeadOwnerCheckInterval >= MinimumPollingInterval, nameof(s.DeadOwnerCheckInterval), null, Inv($"must be at least {MinimumPollingInterval:c}"), s.DeadOwnerCheckInterval);
        Check(s.TimeProvider is not null, nameof(s.TimeProvider), null, "required", null);

        // A cast from an unknown number would otherwise run silently as NORMAL, the weaker of the two.
        Check(Enum.IsDefined(s.Synchronous), nameof(s.Synchronous), "storageProvider.synchronous", "must be Normal, Full or Durable", (int)s.Synchronous);
        return problems;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>A DurableTask.Core backend on one SQLite file. STUB: the public surface only, filled in by the provider work.</summary>
public sealed class SqliteOrchestrationService :
    IOrchestrationService, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient, IDisposable
{
    public SqliteOrchestrationService(SqliteOrchestrationServiceSettings settings, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _ = loggerFactory;
    }

    public SqliteOrchestrationServiceSettings Settings { get; }

    public int TaskOrchestrationDispatcherCount => 1;

    public int MaxConcurrentTaskOrchestrationWorkItems => Settings.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    public int TaskActivityDispatcherCount => 1;

    public int MaxConcurrentTaskActivityWorkItems => Settings.MaxConcurrentTaskActivityWorkItems;

    public Task StartAsync() => throw new NotImplementedException();

    public Task StopAsync() => throw new NotImplementedException();

    public Task StopAsync(bool isForced) => throw new NotImplementedException();

    public Task CreateAsync() => throw new NotImplementedException();

    public Task CreateAsync(bool recreateInstanceStore) => throw new NotImplementedException();

    public Task CreateIfNotExistsAsync() => throw new NotImplementedException();

    public Task DeleteAsync() => throw new NotImplementedException();

    public Task DeleteAsync(bool deleteInstanceStore) => throw new NotImplementedException();

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => throw new NotImplementedException();

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => throw new NotImplementedException();

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => throw new NotImplementedException();

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => throw new NotImplementedException();

    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) => throw new NotImplementedException();

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => throw new NotImplementedException();

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => throw new NotImplementedException();

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => throw new NotImplementedException();

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => throw new NotImplementedException();

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => throw new NotImplementedException();

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => throw new NotImplementedException();

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) => throw new NotImplementedException();

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => throw new NotImplementedException();

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => throw new NotImplementedException();

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => throw new NotImplementedException();

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) => throw new NotImplementedException();

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => throw new NotImplementedException();

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => throw new NotImplementedException();

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) => throw new NotImplementedException();

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) => throw new NotImplementedException();

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) => throw new NotImplementedException();

    public void Dispose()
    {
    }
}

using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.Work;

/// <summary>An extended session: the instance stays locked and in memory between batches, so a step resumes the
/// same executor (no history read, no replay).</summary>
internal sealed class SqliteOrchestrationSession(SqliteOrchestrationService service, SqliteOrchestrationWorkItem workItem) : IOrchestrationSession
{
    /// <inheritdoc cref="SqliteOrchestrationService.FetchSessionMessagesAsync"/>
    public Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem) =>
        service.FetchSessionMessagesAsync((SqliteOrchestrationWorkItem)workItem);

    public Task EndSessionAsync() => service.EndSessionAsync(workItem);
}

using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.Tests.Sqlite;

internal static class StoreExtensions
{
    /// <summary>Stores a new instance of "Test" directly, as a client would.</summary>
    public static Task ScheduleAsync(this IDurableStore store, string instanceId) =>
        store.CreateInstanceAsync(new TaskMessage(instanceId, null, new ExecutionStartedEvent(DateTime.UtcNow, "Test", null)), OrchestrationRuntimeStatusExtensions.LiveStatuses);
}

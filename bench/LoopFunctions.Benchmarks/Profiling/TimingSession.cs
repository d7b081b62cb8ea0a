using DurableTask.Core;

namespace LoopFunctions.Benchmarks.Profiling;

/// <summary>Times an extended session's wait for the instance's next messages; the batch it returns restarts the
/// <c>run:orchestration</c> clock, as a fresh lock would.</summary>
internal sealed class TimingSession(IOrchestrationSession inner, TimingOrchestrationService timing) : IOrchestrationSession
{
    public async Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem)
    {
        var messages = await timing.Time("session:fetch", () => inner.FetchNewOrchestrationMessagesAsync(workItem));
        if (messages is not null)
        {
            timing.HandedOut(workItem);
        }

        return messages;
    }

    public Task EndSessionAsync() => inner.EndSessionAsync();
}

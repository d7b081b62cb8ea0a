using DurableTask.Core;
using DurableTask.Core.History;

namespace LoopFunctions.Host.Dashboard;

/// <summary>Why a Failed run failed, as a person reads it: the run's own error message, and the step whose failure
/// ended it with how many attempts it had (its retries are separate scheduled tasks in the history).</summary>
/// <param name="Message">The run's failure message (the failed step's message when the run's own one is empty).</param>
/// <param name="ErrorType">The exception type the failure recorded, if any.</param>
/// <param name="Step">The activity that failed last, or null when the orchestrator itself failed.</param>
/// <param name="Attempts">How many times that step was tried in a row, each one failed.</param>
/// <param name="StepMessage">That step's last failure message.</param>
internal sealed record FailureReport(string Message, string? ErrorType, string? Step, int Attempts, string? StepMessage)
{
    /// <summary>The report of a history that ended Failed, or null for any other history.</summary>
    public static FailureReport? From(IEnumerable<HistoryEvent> history)
    {
        var scheduled = new Dictionary<int, string>();
        string? step = null, stepMessage = null;
        var attempts = 0;
        ExecutionCompletedEvent? end = null;
        foreach (var e in history)
        {
            switch (e)
            {
                case ExecutionStartedEvent:
                    // A rewound run starts a new execution in the same history: only the last one's failure counts.
                    (step, stepMessage, attempts, end) = (null, null, 0, null);
                    break;
                case TaskScheduledEvent s:
                    scheduled[s.EventId] = s.Name ?? "";
                    break;
                case TaskCompletedEvent c when scheduled.TryGetValue(c.TaskScheduledId, out var done) && done == step:
                    (step, stepMessage, attempts) = (null, null, 0);
                    break;
                case TaskFailedEvent f when scheduled.TryGetValue(f.TaskScheduledId, out var name):
                    attempts = name == step ? attempts + 1 : 1;
                    step = name;
                    stepMessage = f.FailureDetails?.ErrorMessage ?? f.Reason;
                    break;
                case ExecutionCompletedEvent completed:
                    end = completed;
                    break;
            }
        }

        if (end is not { OrchestrationStatus: OrchestrationStatus.Failed })
        {
            return null;
        }

        var message = end.FailureDetails?.ErrorMessage is { Length: > 0 } own ? own : stepMessage ?? end.Result ?? "";
        return new FailureReport(message, end.FailureDetails?.ErrorType, step, attempts, stepMessage);
    }
}

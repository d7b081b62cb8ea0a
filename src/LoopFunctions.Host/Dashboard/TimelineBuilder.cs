using DurableTask.Core.History;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask;

namespace LoopFunctions.Host.Dashboard;

/// <summary>Rebuilds a loop's iterations from its history, so a running loop shows the same timeline a finished one
/// reports: each agent step opens an iteration, and the guard, verification and commit that follow fill it in.</summary>
internal static class TimelineBuilder
{
    public static IReadOnlyList<TimelineEntry> Build(IEnumerable<HistoryEvent> history, DataConverter converter)
    {
        var scheduled = new Dictionary<int, TaskScheduledEvent>();
        var entries = new List<Builder>();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent s:
                    scheduled[s.EventId] = s;
                    if (s.Name == LoopActivityNames.RunAgent && ActivityInput<AgentStepInput>(converter, s.Input) is { } input)
                    {
                        entries.Add(new Builder(input.Iteration));
                    }

                    break;
                case TaskCompletedEvent c when scheduled.TryGetValue(c.TaskScheduledId, out var task) && entries.Count > 0:
                    Fill(entries[^1], task, c.Result, converter);
                    break;
                case TaskFailedEvent f when scheduled.TryGetValue(f.TaskScheduledId, out var task) && task.Name == LoopActivityNames.RunAgent && entries.Count > 0:
                    entries[^1].AgentSummary = "agent step failed: " + (f.FailureDetails?.ErrorMessage ?? f.Reason);
                    break;
            }
        }

        return entries.Select(b => b.ToEntry()).ToList();
    }

    /// <summary>An activity's input as DTFx records it: the SDK schedules activities with their input as the one
    /// element of a JSON array.</summary>
    private static T? ActivityInput<T>(DataConverter converter, string? input)
        where T : class => converter.Deserialize<T[]>(input) is [var first] ? first : null;

    private static void Fill(Builder entry, TaskScheduledEvent task, string? result, DataConverter converter)
    {
        switch (task.Name)
        {
            case LoopActivityNames.RunAgent when converter.Deserialize<AgentStepResult>(result) is { } agent:
                entry.AgentSummary = agent.Succeeded ? agent.Summary : $"{agent.Summary} ({agent.Error})";
                entry.Tokens += agent.Spend.InputTokens + agent.Spend.OutputTokens;
                entry.Cost += agent.Spend.CostUsd;
                entry.Unchanged = agent.TreeUnchanged;
                break;
            case LoopActivityNames.Guard when converter.Deserialize<GuardOutcome>(result) is { } guard:
                entry.Guard = guard;
                break;
            case LoopActivityNames.Verify when converter.Deserialize<VerificationOutcome>(result) is { } verification:
                entry.Verification = verification;
                break;
            // The iteration's own commit (or its replay onto a moved pull-request head), never the hand-off commit that
            // follows the last iteration.
            case LoopActivityNames.Commit when ActivityInput<CommitInput>(converter, task.Input)?.Trailer is not { } trailer
                || trailer.EndsWith($"/{entry.Iteration}", StringComparison.Ordinal) || trailer.Contains($"/{entry.Iteration}/rebase", StringComparison.Ordinal):
                entry.Commit = converter.Deserialize<string>(result);
                break;
        }
    }

    private sealed class Builder(int iteration)
    {
        public int Iteration => iteration;

        public string? AgentSummary { get; set; }

        public long Tokens { get; set; }

        public decimal Cost { get; set; }

        public GuardOutcome? Guard { get; set; }

        public VerificationOutcome? Verification { get; set; }

        public string? Commit { get; set; }

        public bool Unchanged { get; set; }

        public TimelineEntry ToEntry() => new(
            iteration,
            AgentSummary,
            Tokens,
            Cost,
            Guard?.FilesChanged,
            Guard?.Insertions,
            Guard?.Deletions,
            Guard?.Violations ?? [],
            Verification?.Passed,
            Verification?.Summary,
            Verification?.Checks.Select(c => new TimelineCheck(c.Name, c.Passed, c.Summary, c.TestsFound)).ToList() ?? [],
            Commit)
        // Marked only when the loop skipped the checks: a tree the agent left unchanged is still verified when its
        // last verdict was not a failure (the baseline passed, a restarted instance's earlier work).
        { Unchanged = Unchanged && Guard is null && Verification is null };
    }
}

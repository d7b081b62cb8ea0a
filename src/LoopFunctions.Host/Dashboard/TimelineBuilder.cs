using System.Text.Json.Nodes;
using DurableTask.Core.History;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using Microsoft.DurableTask;

namespace LoopFunctions.Host.Dashboard;

/// <summary>Rebuilds a loop's iterations from its history, so a running loop shows the same timeline a finished one
/// reports: each agent step opens an iteration, and the guard, verification and commit that follow fill it in. With
/// <c>agent.attempts</c> the steps of one iteration name their attempt: each fills its attempt's lane of the
/// iteration, and the commit marks the lane whose candidate it committed.</summary>
internal static class TimelineBuilder
{
    public static IReadOnlyList<TimelineEntry> Build(IEnumerable<HistoryEvent> history, DataConverter converter)
    {
        var scheduled = new Dictionary<int, TaskScheduledEvent>();
        var lanes = new Dictionary<int, Builder>();
        var entries = new List<Builder>();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent s:
                    scheduled[s.EventId] = s;
                    var attempt = AttemptOf(s);
                    if (s.Name == LoopActivityNames.RunAgent && ActivityInput<AgentStepInput>(converter, s.Input) is { } input)
                    {
                        if (attempt is { } n)
                        {
                            if (entries.Count == 0 || entries[^1].Iteration != input.Iteration || entries[^1].Lanes.Count == 0)
                            {
                                entries.Add(new Builder(input.Iteration));
                            }

                            var lane = new Builder(input.Iteration) { Index = n, Model = input.Agent.Model };
                            entries[^1].Lanes.Add(lane);
                            lanes[s.EventId] = lane;
                        }
                        else
                        {
                            entries.Add(new Builder(input.Iteration));
                        }
                    }
                    else if (attempt is { } n && entries.Count > 0 && entries[^1].Lanes.FirstOrDefault(l => l.Index == n) is { } lane)
                    {
                        lanes[s.EventId] = lane;
                    }

                    break;
                case TaskCompletedEvent c when scheduled.TryGetValue(c.TaskScheduledId, out var task) && entries.Count > 0:
                    Fill(lanes.GetValueOrDefault(c.TaskScheduledId) ?? entries[^1], task, c.Result, converter);
                    break;
                case TaskFailedEvent f when scheduled.TryGetValue(f.TaskScheduledId, out var task) && task.Name == LoopActivityNames.RunAgent && entries.Count > 0:
                    (lanes.GetValueOrDefault(f.TaskScheduledId) ?? entries[^1]).AgentSummary = "agent step failed: " + (f.FailureDetails?.ErrorMessage ?? f.Reason);
                    break;
            }
        }

        return entries.Select(b => b.ToEntry()).ToList();
    }

    /// <summary>The attempt a step's input names (<c>agent.attempts</c>), read without the rest of the input; null for a
    /// run's only attempt, whose inputs leave the field out.</summary>
    private static int? AttemptOf(TaskScheduledEvent task) =>
        task.Name is LoopActivityNames.RunAgent or LoopActivityNames.Guard or LoopActivityNames.Verify
        && task.Input is { } input && input.Contains("\"attempt\":", StringComparison.Ordinal)
        && JsonNode.Parse(input) is JsonArray { Count: 1 } array && array[0] is JsonObject step && step["attempt"] is JsonValue value && value.TryGetValue<int>(out var n)
            ? n
            : null;

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
                if (entry.Lanes.Count > 0 && ActivityInput<CommitInput>(converter, task.Input)?.Candidate is { } candidate && entry.Commit is not null)
                {
                    entry.Committed = entry.Lanes.FirstOrDefault(l => l.Guard?.Candidate == candidate) ?? entry.Committed;
                }

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

        /// <summary>For a lane: the attempt's index and model.</summary>
        public int Index { get; init; }

        public string? Model { get; init; }

        /// <summary>For an iteration with attempts: their lanes, and the one whose candidate was committed.</summary>
        public List<Builder> Lanes { get; } = [];

        public Builder? Committed { get; set; }

        public TimelineEntry ToEntry()
        {
            if (Lanes.Count == 0)
            {
                return Entry(this, Commit);
            }

            var shown = Committed ?? this;
            return Entry(shown, Commit) with
            {
                AgentSummary = shown.AgentSummary,
                Tokens = Lanes.Sum(l => l.Tokens),
                CostUsd = Lanes.Sum(l => l.Cost),
                Unchanged = Lanes.All(l => l.Unchanged && l.Guard is null && l.Verification is null),
                Attempts = [.. Lanes.OrderBy(l => l.Index).Select(l => new TimelineAttempt(
                    l.Index, l.Model, l.AgentSummary, l.Tokens, l.Cost, l.Guard?.Insertions, l.Guard?.Deletions, l.Guard?.Violations ?? [],
                    l.Verification?.Passed, l.Verification?.Summary, ReferenceEquals(l, Committed)))],
            };
        }

        private TimelineEntry Entry(Builder from, string? commit) => new TimelineEntry(
            iteration,
            from.AgentSummary,
            from.Tokens,
            from.Cost,
            from.Guard?.FilesChanged,
            from.Guard?.Insertions,
            from.Guard?.Deletions,
            from.Guard?.Violations ?? [],
            from.Verification?.Passed,
            from.Verification?.Summary,
            from.Verification?.Checks.Select(c => new TimelineCheck(c.Name, c.Passed, c.Summary, c.TestsFound)).ToList() ?? [],
            commit)
        // Marked only when the loop skipped the checks: a tree the agent left unchanged is still verified when its
        // last verdict was not a failure (the baseline passed, a restarted instance's earlier work).
        { Unchanged = from.Unchanged && from.Guard is null && from.Verification is null };
    }
}

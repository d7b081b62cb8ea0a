using DurableTask.Core.History;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Host.Dashboard;

/// <summary><c>GET /api/dashboard/instances/{id}/iterations/{n}/diff</c>: what iteration <c>n</c> committed, as
/// <c>git diff</c> from the commit it started on to its commit, per file, secrets masked as in the transcripts and cut
/// at <see cref="MaxDiffChars"/>. An iteration without a commit answers no files and says why.</summary>
/// <remarks>Both commits come from the run's history (the agent step's start commit, and the commit made with the
/// iteration's trailer); the diff is read from the run's own git directory, on this host's disk.</remarks>
internal static class IterationDiffEndpoint
{
    /// <summary>Most characters of diff answered; the rest is cut (the loop branch holds the whole change).</summary>
    public const int MaxDiffChars = 256 * 1024;

    private static readonly JsonDataConverter Converter = new(LoopSerialization.Options);

    public static async Task<IResult> GetAsync(string id, int n, DurableTaskClient client, IOptions<LoopRunnerOptions> options, CancellationToken ct)
    {
        if (await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false) is null)
        {
            return ApiResults.NotFound($"no instance with id '{id}'");
        }

        if (n < 1)
        {
            return ApiResults.BadRequest("the iteration is a number from 1");
        }

        var history = await client.GetOrchestrationHistoryAsync(id, ct).ConfigureAwait(false);
        if (Find(history, id, n) is not { } step)
        {
            return ApiResults.NotFound($"instance '{id}' has no iteration {n}");
        }

        if (step.Commit is null)
        {
            return Answer(id, n, step, [], false, $"Iteration {n} made no commit.");
        }

        var folder = new RunFolder(step.Workspace.Path);
        if (!Directory.Exists(folder.GitDir))
        {
            return Answer(id, n, step, [], false, "The run's workspace is no longer on this host.");
        }

        var diff = await Git.TryRunAsync(folder.GitCall("diff", "--no-ext-diff", "--no-textconv", "--no-color", "-M", step.Head, step.Commit, "--"), ct).ConfigureAwait(false);
        if (diff.ExitCode != 0 || diff.TimedOut)
        {
            return Answer(id, n, step, [], false, $"git diff failed: {diff.StandardError.Trim()}");
        }

        // Masked whole, before it is split and cut: a secret across the cut, or in a file's name, is masked too.
        var masker = AgentStep.MaskerFor(step.Agent, options.Value);
        var (files, truncated) = Split(masker.Apply(diff.StandardOutput));
        return Answer(id, n, step, files, truncated, files.Count == 0 ? "The commit changed no files." : null);
    }

    private static IResult Answer(string id, int n, IterationStep step, IReadOnlyList<DiffFile> files, bool truncated, string? note) =>
        Results.Json(new { instanceId = id, iteration = n, @base = step.Head, commit = step.Commit, files, truncated, note });

    /// <summary>The iteration's start commit, workspace and agent (its agent step's input) and its commit (the result of
    /// the commit with its trailer), or null when the history has no agent step of that iteration.</summary>
    private static IterationStep? Find(IEnumerable<HistoryEvent> history, string id, int n)
    {
        var trailer = $"{id}/{n}";
        var commits = new HashSet<int>();
        AgentStepInput? agent = null;
        string? commit = null;
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent s when s.Name == LoopActivityNames.RunAgent && Input<AgentStepInput>(s.Input) is { } input && input.Iteration == n:
                    agent ??= input;
                    break;
                case TaskScheduledEvent s when s.Name == LoopActivityNames.Commit && Input<CommitInput>(s.Input)?.Trailer == trailer:
                    commits.Add(s.EventId);
                    break;
                case TaskCompletedEvent c when commits.Contains(c.TaskScheduledId):
                    commit = Converter.Deserialize<string>(c.Result);
                    break;
            }
        }

        return agent is null ? null : new IterationStep(agent.Workspace, agent.Head, commit, agent.Agent);
    }

    /// <summary>An activity's input as DTFx records it: the one element of a JSON array.</summary>
    private static T? Input<T>(string? input)
        where T : class => Converter.Deserialize<T[]>(input) is [var first] ? first : null;

    /// <summary>The diff per file (each part starts at its <c>diff --git</c> line), cut after
    /// <see cref="MaxDiffChars"/> characters in all.</summary>
    private static (List<DiffFile> Files, bool Truncated) Split(string diff)
    {
        var files = new List<DiffFile>();
        var left = MaxDiffChars;
        foreach (var part in diff.Split("\ndiff --git ").Select((p, i) => i == 0 ? p : "diff --git " + p).Where(p => p.Length > 0))
        {
            if (left <= 0)
            {
                return (files, true);
            }

            var text = part.Length > left ? part[..left] + "\n[... diff cut ...]" : part.TrimEnd('\n');
            files.Add(new DiffFile(PathOf(part), text));
            left -= part.Length;
        }

        return (files, left < 0);
    }

    /// <summary>The file a part is about, as its header names it (the new path of a rename).</summary>
    private static string PathOf(string part)
    {
        var header = part.Split('\n', 2)[0];
        var at = header.LastIndexOf(" b/", StringComparison.Ordinal);
        return at < 0 ? header : header[(at + 3)..];
    }

    private sealed record IterationStep(WorkspaceInfo Workspace, string Head, string? Commit, Loops.Plans.AgentPlan Agent);
}

using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Governance;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Guard;

/// <summary>
/// The guard: snapshots the agent's tree into a candidate commit (<see cref="TreeSnapshot"/>) and judges what it
/// changed since the step's start: protected paths, paths outside <c>allow_paths</c>, symbolic links leading outside
/// the repository, files that cannot be committed. A rejected candidate is never verified nor committed.
/// </summary>
public static class CandidateGuard
{
    public static async Task<GuardOutcome> CheckAsync(GuardInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var folder = RunFolder.Of(input);
        Snapshot snapshot;
        using (await RunLock.AcquireAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            snapshot = await TreeSnapshot.CreateAsync(folder, input.Head, cancellationToken).ConfigureAwait(false);
        }

        var protect = ProtectedPaths.For(input.Plan);
        var allow = input.Governance.AllowPaths.Select(PathGlob.Parse).ToList();
        var violations = new List<string>();
        foreach (var change in snapshot.Changes)
        {
            if (protect.FirstOrDefault(g => g.IsMatch(change.Path)) is { } rule)
            {
                violations.Add($"{change.Path}: protected by '{rule.Pattern}'");
            }
            else if (allow.Count > 0 && !PathGlob.AnyMatch(allow, change.Path))
            {
                violations.Add($"{change.Path}: not in allow_paths ({string.Join(", ", allow.Select(a => a.Pattern))})");
            }
            else if (!input.Governance.AllowBinaries && TestMachinery.Rejection(change) is { } why)
            {
                violations.Add(why);
            }
        }

        var changed = snapshot.Changes.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        violations.AddRange(SymlinkGuard.Violations(snapshot.Links, changed));
        violations.AddRange(snapshot.Refused);
        var files = snapshot.Changes;
        return new GuardOutcome(violations.Count == 0, files.Count, files.Sum(c => c.Insertions), files.Sum(c => c.Deletions), violations, snapshot.Commit);
    }
}

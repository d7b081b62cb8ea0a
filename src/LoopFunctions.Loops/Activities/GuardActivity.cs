using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>Checks what the agent step changed against <c>allow_paths</c> and the protected paths.</summary>
public sealed class GuardActivity(IHostApplicationLifetime lifetime) : LoopActivity<GuardInput, GuardOutcome>(lifetime)
{
    protected override async Task<GuardOutcome> ExecuteAsync(TaskActivityContext context, GuardInput input, CancellationToken cancellationToken)
    {
        var changes = await GitWorkspace.DiffAsync(input.Workspace.Path, input.Head, cancellationToken).ConfigureAwait(false);
        var protect = ProtectedPaths.For(input.Governance, input.Checks, input.LoopFile, input.Repository);
        var allow = input.Governance.AllowPaths.Select(PathGlob.Parse).ToList();
        var violations = new List<string>();
        foreach (var change in changes)
        {
            if (protect.FirstOrDefault(g => g.IsMatch(change.Path)) is { } rule)
            {
                violations.Add($"{change.Path}: protected by '{rule.Pattern}'");
            }
            else if (allow.Count > 0 && !PathGlob.AnyMatch(allow, change.Path))
            {
                violations.Add($"{change.Path}: not in allow_paths ({string.Join(", ", allow.Select(a => a.Pattern))})");
            }
        }

        return new GuardOutcome(violations.Count == 0, changes.Count, changes.Sum(c => c.Insertions), changes.Sum(c => c.Deletions), violations);
    }
}

using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Activities;

/// <summary>
/// What the agent may never change: the loop's <c>protect_paths</c>, CI configuration, the files its checks run
/// (a check script the agent could rewrite would verify nothing), and the loop file when it lives in the repository.
/// </summary>
public static class ProtectedPaths
{
    /// <summary>Always protected, whatever the loop says.</summary>
    public static readonly IReadOnlyList<string> Defaults = [".github/workflows/**", ".gitlab-ci.yml", "azure-pipelines.yml"];

    public static IReadOnlyList<PathGlob> For(GovernancePlan governance, IReadOnlyList<CheckPlan> checks, string loopFile, string repository)
    {
        ArgumentNullException.ThrowIfNull(governance);
        ArgumentNullException.ThrowIfNull(checks);
        var patterns = new List<string>(governance.ProtectPaths);
        patterns.AddRange(Defaults);
        foreach (var argument in checks.SelectMany(c => c.Command ?? []))
        {
            // Relative paths in a check's argv name files of the repository: scripts, test projects, configs.
            if (!argument.StartsWith('-') && !Path.IsPathRooted(argument) && argument.Contains('/', StringComparison.Ordinal) && !argument.Contains('*', StringComparison.Ordinal) && !argument.Contains("..", StringComparison.Ordinal))
            {
                patterns.Add(argument);
            }
        }

        var relativeLoop = Path.GetRelativePath(repository, loopFile);
        if (!relativeLoop.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relativeLoop))
        {
            patterns.Add(relativeLoop.Replace('\\', '/'));
        }

        return patterns.Distinct(StringComparer.Ordinal).Select(PathGlob.Parse).ToList();
    }
}

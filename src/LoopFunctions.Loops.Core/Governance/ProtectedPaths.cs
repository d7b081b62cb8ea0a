using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Governance;

/// <summary>
/// What the agent may never change: the loop's <c>protect_paths</c>, CI configuration, every repository file or
/// folder a check or the setup names (a check script the agent could rewrite would verify nothing), every one the
/// review, deployment, post-deploy check or rollback commands name (a deployment script the agent rewrote would run
/// with the deployment's credentials), and the loop file when it lives in the repository.
/// </summary>
public static class ProtectedPaths
{
    /// <summary>Always protected, whatever the loop says.</summary>
    /// <remarks><c>.gitattributes</c> changes how git lays files out (<c>eol=crlf</c> on a check script), so the
    /// verification checkout takes it from the base commit, and the agent cannot commit one.</remarks>
    public static readonly IReadOnlyList<string> Defaults = [".github/workflows/**", ".gitlab-ci.yml", "azure-pipelines.yml", "**/.gitattributes"];

    /// <summary>The protected paths of a run's plan.</summary>
    public static IReadOnlyList<PathGlob> For(LoopPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var deploy = plan.Outputs.Deploy;
        IEnumerable<string> commands = [
            .. plan.Workspace.SetupCommand ?? [],
            .. plan.Review?.Command ?? [],
            .. deploy?.Command ?? [],
            .. deploy?.Rollback ?? [],
            .. deploy?.Checks.SelectMany(c => c.Command ?? []) ?? []];
        return For(plan.Governance, plan.Checks, plan.SourcePath, plan.Workspace.Repository, [.. commands]);
    }

    /// <param name="governance">The loop's governance.</param>
    /// <param name="checks">Its checks.</param>
    /// <param name="loopFile">The loop file.</param>
    /// <param name="repository">The repository (a local path puts the loop file inside it, maybe).</param>
    /// <param name="setup">The argv of every other command the loop runs from the repository (setup, review, deployment).</param>
    public static IReadOnlyList<PathGlob> For(GovernancePlan governance, IReadOnlyList<CheckPlan> checks, string loopFile, string repository, IReadOnlyList<string>? setup = null)
    {
        ArgumentNullException.ThrowIfNull(governance);
        ArgumentNullException.ThrowIfNull(checks);
        var patterns = new List<string>(governance.ProtectPaths);
        patterns.AddRange(Defaults);
        if (TestMachinery.Applies(governance))
        {
            patterns.AddRange(TestMachinery.Paths);
            patterns.AddRange(TestMachinery.ScriptFiles([.. checks.Select(c => c.Command ?? []), setup ?? []]));
        }

        foreach (var argument in checks.SelectMany(c => c.Command ?? []).Concat(setup ?? []))
        {
            if (NamedPath(argument) is { } path)
            {
                // The name may be a file or a folder: protect it and everything under it.
                patterns.Add(path);
                patterns.Add(path + "/");
            }
        }

        var relativeLoop = Path.GetRelativePath(repository, loopFile);
        if (!relativeLoop.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relativeLoop))
        {
            patterns.Add(relativeLoop.Replace('\\', '/'));
        }

        return patterns.Distinct(StringComparer.Ordinal).Select(PathGlob.Parse).ToList();
    }

    /// <summary>
    /// The repository path an argument of a check names, if it can name one: <c>run_tests.sh</c>, <c>./run_tests.sh</c>,
    /// <c>scripts/test.sh</c>, <c>tests/Calc.Tests</c>, the value of <c>--project=src/x.csproj</c>. A word that names no
    /// file (<c>test</c> in <c>npm test</c>) is protected too, which only matters if the agent creates that file.
    /// </summary>
    internal static string? NamedPath(string argument)
    {
        var word = argument;
        if (word.StartsWith('-'))
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                return null;
            }

            word = word[(eq + 1)..];
        }

        while (word.StartsWith("./", StringComparison.Ordinal))
        {
            word = word[2..];
        }

        word = word.TrimEnd('/');
        var invalid = word.Length == 0 || word == "." || Path.IsPathRooted(word) || word.StartsWith('~')
            || word.Split('/').Any(part => part is "" or "." or "..")
            || word.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '*' or '?' or '[' or ']' or '$' or '\\');
        return invalid ? null : word;
    }
}

using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Guard;

/// <summary>
/// Finds symbolic links of a candidate that lead outside the repository or into a <c>.git</c> folder, resolving
/// targets through the candidate's other links the way the file system would (a link to <c>.</c> followed by
/// <c>..</c> leaves the repository even though the text <c>d/../x</c> looks inside). Only links that changed, or
/// whose resolution passes through a link that changed, are judged: links the base already had are the project's.
/// </summary>
public static class SymlinkGuard
{
    private const int MaxLinks = 40;

    /// <param name="links">Every link of the candidate: path to target.</param>
    /// <param name="changed">Paths the step changed.</param>
    /// <returns>One message per offending link.</returns>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, string> links, IReadOnlySet<string> changed)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(changed);
        var violations = new List<string>();
        foreach (var (path, target) in links.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var (problem, traversed) = Resolve(path, links);
            if (problem is not null && (changed.Contains(path) || traversed.Overlaps(changed)))
            {
                violations.Add($"{path}: a symbolic link to '{target}', {problem}");
            }
        }

        return violations;
    }

    /// <summary>Follows <paramref name="link"/> to where it leads; a problem when that is outside the repository.</summary>
    private static (string? Problem, HashSet<string> Traversed) Resolve(string link, IReadOnlyDictionary<string, string> links)
    {
        var traversed = new HashSet<string>(StringComparer.Ordinal) { link };
        var resolved = new List<string>(link.Split('/')[..^1]);
        var pending = new Queue<string>();
        if (!Enqueue(links[link], pending))
        {
            return ("an absolute path outside the repository", traversed);
        }

        var hops = 0;
        while (pending.TryDequeue(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count == 0)
                {
                    return ("outside the repository", traversed);
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            if (part.Equals(".git", StringComparison.OrdinalIgnoreCase))
            {
                return ("into a .git folder", traversed);
            }

            resolved.Add(part);
            var here = string.Join('/', resolved);
            if (links.TryGetValue(here, out var next))
            {
                if (++hops > MaxLinks)
                {
                    return ("in a loop of links", traversed);
                }

                traversed.Add(here);
                resolved.RemoveAt(resolved.Count - 1);
                var rest = pending.ToList();
                pending.Clear();
                if (!Enqueue(next, pending))
                {
                    return ("outside the repository, through " + here, traversed);
                }

                foreach (var r in rest)
                {
                    pending.Enqueue(r);
                }
            }
        }

        return (null, traversed);
    }

    private static bool Enqueue(string target, Queue<string> pending)
    {
        if (target.StartsWith('/') || target.StartsWith('\\') || (target.Length > 1 && target[1] == ':'))
        {
            return false;
        }

        foreach (var part in target.Split('/'))
        {
            pending.Enqueue(part);
        }

        return true;
    }
}

namespace LoopFunctions.Loops.Sandbox;

/// <summary>
/// The fixed places a sandbox shows its writable folders at, whatever run they belong to: the tree (the agent's
/// working tree, or the checkout a check runs in) at <see cref="WorkTree"/>, the private HOME at <see cref="Home"/>.
/// The agent and the checks therefore see the same paths, and no path inside tells a check from an agent step, one
/// run from another, or where the run lives on the host. Host paths of the two folders in a sandboxed process's argv
/// and environment are rewritten to these (<see cref="Inside(SandboxSpec, string)"/>).
/// </summary>
public static class SandboxPaths
{
    /// <summary>Where the tree is mounted, and the sandboxed process's working directory.</summary>
    public const string WorkTree = "/workspace";

    /// <summary>Where the private HOME is mounted (the agent home, or the checks' fresh one).</summary>
    public const string Home = "/home/agent";

    /// <summary><paramref name="value"/> with every host path of <paramref name="spec"/>'s tree or home in it replaced
    /// by the path the sandbox shows it at: a whole value (<c>/runs/x/tree/.git/prompt.md</c>) or a part of one
    /// (<c>--file=/runs/x/tree/a</c>, a JSON setting). Only whole path names match: <c>/runs/x/tree2</c> is left.</summary>
    public static string Inside(SandboxSpec spec, string value)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(value);
        // Longest first: a home inside the tree (or the other way round) maps by its own, closer mount.
        foreach (var (host, inside) in Mounts(spec).OrderByDescending(m => m.Host.Length))
        {
            value = Replace(value, host, inside);
        }

        return value;
    }

    /// <summary>A copy of <paramref name="environment"/> with <see cref="Inside(SandboxSpec, string)"/> applied to
    /// every value.</summary>
    public static Dictionary<string, string> Inside(SandboxSpec spec, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.ToDictionary(e => e.Key, e => Inside(spec, e.Value), StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="path"/> (a full host path) is the tree or the home, or inside one of them.</summary>
    internal static bool IsMounted(SandboxSpec spec, string path) =>
        Mounts(spec).Any(m => path == m.Host || path.StartsWith(m.Host + "/", StringComparison.Ordinal));

    private static IEnumerable<(string Host, string Inside)> Mounts(SandboxSpec spec) =>
        [(Full(spec.WorkTree), WorkTree), (Full(spec.Home), Home)];

    private static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static string Replace(string value, string host, string inside)
    {
        var at = value.IndexOf(host, StringComparison.Ordinal);
        if (at < 0)
        {
            return value;
        }

        var result = new System.Text.StringBuilder();
        var from = 0;
        for (; at >= 0; at = value.IndexOf(host, from, StringComparison.Ordinal))
        {
            var end = at + host.Length;
            // A whole path name: not the end of a longer name before it, nor the start of one after it.
            var whole = (at == 0 || !IsNameCharacter(value[at - 1])) && (end == value.Length || !IsNameCharacter(value[end]));
            result.Append(value, from, at - from).Append(whole ? inside : host);
            from = end;
        }

        return result.Append(value, from, value.Length - from).ToString();
    }

    private static bool IsNameCharacter(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '+' or '@';
}

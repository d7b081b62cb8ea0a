namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>Finds a coding CLI's executable and the folders it runs from, so that a missing CLI is reported (with
/// how to install it) before anything is spent, and its files can be shown inside the sandbox wherever it lives.</summary>
public static class CliLocator
{
    /// <summary>The executable's full path: <paramref name="program"/> as a path, or looked up on the host's PATH.</summary>
    /// <exception cref="AgentException">It is not there; the message says how to install it.</exception>
    public static string Resolve(CodingCli cli, string? program)
    {
        ArgumentNullException.ThrowIfNull(cli);
        return Find(cli, program) ?? throw new AgentException(WhyMissing(cli, program));
    }

    /// <summary>The executable's full path, or null when it cannot be found.</summary>
    public static string? Find(CodingCli cli, string? program)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var name = string.IsNullOrWhiteSpace(program) ? cli.Executable : program;
        if (name.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(name);
            return IsExecutable(full) ? full : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(IsExecutable);
    }

    /// <summary>What to tell a user whose CLI is missing.</summary>
    public static string WhyMissing(CodingCli cli, string? program)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var where = string.IsNullOrWhiteSpace(program) ? $"'{cli.Executable}' is not on PATH" : $"agent.command '{program}' is not an executable file";
        return $"{cli.DisplayName} (agent.kind: {cli.Kind}) cannot be started: {where}. Install it with `{cli.InstallHint}` (the version loopfn was tested with), or set agent.command to its path.";
    }

    /// <summary>The folders the sandbox must show read-only for <paramref name="program"/> to run: its package tree
    /// (an npm <c>.bin</c> entry is a link into <c>node_modules</c>, whose platform binaries sit in sibling packages),
    /// and the Node.js install that runs it.</summary>
    public static IReadOnlyList<string> InstallRoots(string program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var roots = new List<string> { Path.GetDirectoryName(program)! };
        var target = RealPath(program);
        roots.Add(Path.GetDirectoryName(target)!);
        if (OutermostNodeModules(target) is { } modules)
        {
            roots.Add(modules);
        }

        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "node"))
            .FirstOrDefault(IsExecutable);
        if (node is not null && Path.GetDirectoryName(Path.GetDirectoryName(RealPath(node))) is { Length: > 1 } prefix && prefix != "/usr")
        {
            roots.Add(prefix);
        }

        return [.. roots.Distinct(StringComparer.Ordinal)];
    }

    private static string? OutermostNodeModules(string path)
    {
        var parts = path.Split('/');
        var index = Array.IndexOf(parts, "node_modules");
        return index <= 0 ? null : string.Join('/', parts.Take(index + 1));
    }

    internal static string RealPath(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
    }

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}

using LoopFunctions.Loops.Agents;
using LoopFunctions.Loops.Processes;

namespace LoopFunctions.Loops.Sandbox;

/// <summary>
/// Confines a command with bubblewrap (<c>bwrap</c>, Debian package <c>bubblewrap</c>): new user, PID, IPC, UTS,
/// cgroup and (unless allowed) network namespaces, no capabilities (even for root); the host's file system read-only; the workspace and a private
/// HOME writable; the host's home, other runs and the store hidden; the protected files of the workspace read-only.
/// The command is PID 2 of its own PID namespace, so when it exits or is killed every process it started dies with it;
/// and with <c>--die-with-parent</c> the whole sandbox dies when this process does, even by SIGKILL. With an
/// <see cref="SandboxSpec.Egress"/>, the network stays unshared and a bridge to the egress proxy runs in front of the
/// command, inside the same PID namespace, so it dies with it.
/// </summary>
public static class Bubblewrap
{
    /// <summary>More read-only binds than this (protected files) are left to the guard alone.</summary>
    public const int MaxReadOnlyFiles = 2000;

    private static readonly Lazy<Task<string?>> Unavailable = new(ProbeAsync);

    /// <summary>Null when bwrap is installed and works here (it needs user namespaces); else why not. Probed once.</summary>
    public static Task<string?> WhyUnavailableAsync() => Unavailable.Value;

    /// <summary>The argv that runs <paramref name="command"/> inside the sandbox described by <paramref name="spec"/>.</summary>
    public static IReadOnlyList<string> Wrap(SandboxSpec spec, IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(command);
        var egress = spec.Egress;
        if (egress is not null)
        {
            if (spec.Network)
            {
                throw new ArgumentException("a sandbox with an egress proxy keeps its network unshared; Network must be false", nameof(spec));
            }

            if (egress.Port is < 1 or > 65535)
            {
                throw new ArgumentException($"egress bridge port {egress.Port} is not 1-65535", nameof(spec));
            }
        }

        RefuseCollisions(spec, command);
        var argv = new List<string>
        {
            // For uid 0 bwrap keeps every capability: without the drop a root sandbox could unmount what hides the
            // host and remount / read-write.
            "bwrap", "--die-with-parent", "--new-session", "--unshare-all", "--cap-drop", "ALL",
            // The process-group mark stays on bwrap (the sweep finds it) but not inside: the command cannot tell
            // whether it runs as an agent or as a check by loopfn's own variables.
            "--unsetenv", ProcessGroup.MarkVariable,
        };

        // The host's root, entry by entry, on bwrap's own root (a tmpfs made read-only at the end): a bind of / itself
        // would be read-only at once, and the fixed mount points could not be made in it.
        argv.AddRange(RootEntries());
        argv.AddRange(["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]);
        if (spec.Network)
        {
            argv.Add("--share-net");
        }

        // Parents before children: a later mount inside a hidden folder must not be covered by its tmpfs. /home always:
        // the home's mount point is made there.
        var hidden = spec.Hidden.Where(Directory.Exists).Select(Full).Append(Path.GetDirectoryName(SandboxPaths.Home)!);
        foreach (var folder in hidden.Distinct(StringComparer.Ordinal).OrderBy(p => p.Length))
        {
            argv.AddRange(["--tmpfs", folder]);
        }

        // bwrap cannot make a mount point below a symbolic link (a tool folder linked from elsewhere): such a path is
        // shown at its real location, which the link then reaches. Paths in the tree or the home are there already.
        foreach (var path in spec.Readable.Select(Full).Where(Exists).Select(p => ParentsReal(p) ? p : RealPath(p)).Where(p => !SandboxPaths.IsMounted(spec, p)).Distinct(StringComparer.Ordinal))
        {
            argv.AddRange(["--ro-bind", path, path]);
        }

        foreach (var path in spec.Writable.Select(Full).Where(p => !SandboxPaths.IsMounted(spec, p)).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(path);
            argv.AddRange(["--bind", path, path]);
        }

        // Fixed places, the same for every run and for agents and checks alike: nothing inside names the run's folder.
        argv.AddRange(["--bind", Full(spec.WorkTree), SandboxPaths.WorkTree, "--bind", Full(spec.Home), SandboxPaths.Home]);
        foreach (var file in spec.ReadOnlyFiles.Take(MaxReadOnlyFiles))
        {
            argv.AddRange(["--ro-bind", file, SandboxPaths.Inside(spec, Full(file))]);
        }

        if (egress is not null)
        {
            // Last, so no other bind covers it. Read-only is enough to connect, and the agent cannot chmod it.
            argv.AddRange(["--ro-bind", Full(egress.SocketPath), EgressBridge.SocketInside]);
        }

        argv.AddRange(["--remount-ro", "/", "--chdir", SandboxPaths.WorkTree, "--"]);
        if (egress is not null)
        {
            argv.AddRange(EgressBridge.Prefix(egress));
        }

        // A host path is shown by binding its normalized form, and only that: in "{loop_dir}/../x.sh" the folder
        // before ".." is not in the sandbox, so the kernel could not walk through it. The normalized path names the
        // same file. Paths in the tree or the home name it where the sandbox shows it.
        // A path below a symbolic link is named at its real place, where the binds above show it.
        argv.AddRange(command.Select(a => SandboxPaths.Inside(spec, Path.IsPathRooted(a) && Exists(a) ? Shown(Full(a)) : a)));
        return argv;
    }

    /// <summary>The environment a sandboxed process gets: <paramref name="environment"/> with the host paths of the tree
    /// and the home rewritten to where the sandbox shows them (<see cref="SandboxPaths"/>).</summary>
    public static Dictionary<string, string> Environment(SandboxSpec spec, IReadOnlyDictionary<string, string> environment) =>
        SandboxPaths.Inside(spec, environment);

    /// <summary>Refuses a host path the sandbox would show that lies under one of its fixed mount points: the tree and
    /// the home are bound over those last, so such a path (a check script of a project at <c>/workspace/proj</c>, a
    /// <c>PATH</c> entry) would resolve inside the agent's own tree or home, where the agent can write it.</summary>
    /// <exception cref="Errors.StepRejectedException">Such a path is given: no retry can help.</exception>
    private static void RefuseCollisions(SandboxSpec spec, IReadOnlyList<string> command)
    {
        // PATH is passed in as the host has it: a program found there must not be one the agent wrote either.
        var hostPath = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var shown = spec.Readable.Concat(spec.Writable).Concat(spec.ReadOnlyFiles).Concat(command).Concat(hostPath)
            .Where(Path.IsPathRooted).Select(p => Path.TrimEndingDirectorySeparator(Full(p))).Where(p => !SandboxPaths.IsMounted(spec, p));
        foreach (var path in shown)
        {
            foreach (var fixedPoint in new[] { SandboxPaths.WorkTree, SandboxPaths.Home })
            {
                if (path == fixedPoint || path.StartsWith(fixedPoint + "/", StringComparison.Ordinal))
                {
                    throw new Errors.StepRejectedException($"the sandbox shows the tree at {SandboxPaths.WorkTree} and the home at {SandboxPaths.Home}, but {path} on this machine lies under {fixedPoint}: inside the sandbox it would name a file the agent can write. Move the project, its tools and the loop's files out of {fixedPoint}, or set agent.sandbox: none.");
                }
            }
        }
    }

    /// <summary>bwrap arguments that show each entry of the host's / read-only at its place (links as links), except
    /// what the sandbox mounts itself.</summary>
    private static IEnumerable<string> RootEntries()
    {
        var own = new HashSet<string>(StringComparer.Ordinal) { "proc", "dev", "tmp", SandboxPaths.WorkTree.TrimStart('/') };
        foreach (var entry in new DirectoryInfo("/").EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (own.Contains(entry.Name))
            {
                continue;
            }

            if (entry.LinkTarget is { } target)
            {
                yield return "--symlink";
                yield return target;
                yield return entry.FullName;
            }
            else if (entry is DirectoryInfo || (entry.Attributes & FileAttributes.Device) == 0)
            {
                yield return "--ro-bind";
                yield return entry.FullName;
                yield return entry.FullName;
            }
        }
    }

    /// <summary>The host paths in an agent's argv that the sandbox must show: its program and scripts may live in a
    /// hidden folder (a home, a temp folder).</summary>
    public static IEnumerable<string> PathsIn(IEnumerable<string> command) =>
        command.Where(a => Path.IsPathRooted(a) && Exists(a));

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary><paramref name="path"/> in its folder's real place when a folder above it is a symbolic link (the file
    /// itself may stay a link: its target is resolved inside).</summary>
    private static string Shown(string path) =>
        ParentsReal(path) ? path : Path.Combine(RealPath(Path.GetDirectoryName(path)!), Path.GetFileName(path));

    /// <summary>Whether no folder above <paramref name="path"/> is a symbolic link.</summary>
    private static bool ParentsReal(string path)
    {
        for (var parent = Path.GetDirectoryName(path); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (new DirectoryInfo(parent).LinkTarget is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><paramref name="path"/> with every symbolic link on the way resolved.</summary>
    private static string RealPath(string path)
    {
        try
        {
            return Resolve(path);
        }
        catch (IOException)
        {
            return path; // a link cycle: bwrap reports it
        }
    }

    private static string Resolve(string path)
    {
        var real = "/";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            var info = new FileInfo(next);
            real = info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? Resolve(target.FullName) : next;
        }

        return real;
    }

    private static string Full(string path) => Path.GetFullPath(path);

    private static async Task<string?> ProbeAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "bubblewrap runs on Linux only";
        }

        try
        {
            var result = await ProcessRunner.RunAsync(
                new ProcessRunOptions(["bwrap", "--die-with-parent", "--unshare-all", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--", "true"], "/", TimeSpan.FromSeconds(30)),
                CancellationToken.None).ConfigureAwait(false);
            return result.ExitCode == 0 ? null : $"bwrap is installed but cannot create a sandbox here: {result.StandardError.Trim()}";
        }
        catch (AgentException)
        {
            return "bwrap is not installed (Debian: apt-get install bubblewrap)";
        }
    }
}

using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Sandbox;

/// <summary>The host folders a sandbox hides (agents and checks alike), and the toolchains it shows again.</summary>
public static class SandboxFolders
{
    // Toolchain folders kept in a home, and the variable that tells their programs where they are once HOME is private.
    private static readonly Dictionary<string, string> ToolchainRoots = new(StringComparer.Ordinal)
    {
        [".pyenv"] = "PYENV_ROOT", [".rustup"] = "RUSTUP_HOME", [".dotnet"] = "DOTNET_ROOT", [".nvm"] = "NVM_DIR",
    };

    /// <summary>The host's home, every run's folder (the work root), the store beside it, and <paramref name="extra"/>.</summary>
    public static List<string> Hidden(RunFolder folder, IEnumerable<string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var home = System.Environment.GetEnvironmentVariable("HOME");
        var workRoot = Path.GetDirectoryName(folder.Root)!;
        var hidden = new List<string> { workRoot, "/root", "/home", "/run/user", "/var/tmp" };
        if (Path.GetDirectoryName(workRoot) is { } storeFolder && storeFolder.Count(c => c == '/') > 1)
        {
            hidden.Add(storeFolder); // the CLI keeps its store beside the workspaces
        }

        if (!string.IsNullOrEmpty(home) && home != "/")
        {
            hidden.Add(home);
        }

        hidden.AddRange(extra ?? []);
        return hidden;
    }

    /// <summary>
    /// The folders of the host's toolchains that a hidden folder would otherwise cover: for each <c>PATH</c> entry (and
    /// <c>DOTNET_ROOT</c>, and the NuGet package cache) inside a hidden folder, the top folder below it
    /// (<c>/root/.pyenv</c> for <c>/root/.pyenv/shims</c>), shown read-only; with the variables their programs need
    /// to find themselves when HOME is elsewhere.
    /// </summary>
    public static (IReadOnlyList<string> Readable, IReadOnlyDictionary<string, string> Environment) Toolchains(IReadOnlyList<string> hidden)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var paths = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            paths.Add(dotnetRoot);
        }

        return ToolchainsFor(hidden, paths);
    }

    /// <summary><see cref="Toolchains(IReadOnlyList{string})"/> for the given <c>PATH</c> entries.</summary>
    internal static (IReadOnlyList<string> Readable, IReadOnlyDictionary<string, string> Environment) ToolchainsFor(IReadOnlyList<string> hidden, IReadOnlyList<string> paths)
    {
        var folders = new List<string>();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in paths.Where(Path.IsPathRooted).SelectMany(p => new[] { p, RealPath(p) }))
        {
            // The deepest hidden folder only: for ~/.local/bin under both /home and /home/u, the toolchain is
            // /home/u/.local, never the whole /home/u (its .ssh, its tokens).
            var deepest = hidden.Select(h => Path.TrimEndingDirectorySeparator(Path.GetFullPath(h)))
                .Where(h => entry.StartsWith(h + "/", StringComparison.Ordinal))
                .OrderByDescending(h => h.Length)
                .Take(1);
            foreach (var folder in deepest)
            {

                var top = Path.Combine(folder, entry[(folder.Length + 1)..].Split('/')[0]);
                if (Directory.Exists(top) && !folders.Contains(top, StringComparer.Ordinal))
                {
                    folders.Add(top);
                    if (ToolchainRoots.TryGetValue(Path.GetFileName(top), out var variable))
                    {
                        environment[variable] = top;
                    }

                    if (Path.GetFileName(top) == ".cargo" && Path.Combine(folder, ".rustup") is var rustup && Directory.Exists(rustup))
                    {
                        folders.Add(rustup); // rustup's proxies in ~/.cargo/bin need their toolchains
                        environment["RUSTUP_HOME"] = rustup;
                    }
                }
            }
        }

        // Packages restored on the host: a fallback folder, read-only, so a check restores offline what the host has.
        var packages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set ? set
            : System.Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".nuget", "packages") : null;
        if (packages is not null && Directory.Exists(packages))
        {
            folders.Add(packages);
            environment["NUGET_FALLBACK_PACKAGES"] = packages;
        }

        return (folders, environment);
    }

    private static string RealPath(string path)
    {
        try
        {
            return Directory.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }
}

namespace LoopFunctions.Loops.Sandbox;

/// <summary>
/// The variables loopfn gives a sandboxed process, one builder for an agent step and for the setup and the checks: what
/// the candidate's code runs under while the agent tries it is what it runs under while it is verified, and nothing
/// in it tells the two apart. No loopfn marker is among them (the process mark is removed inside, see
/// <see cref="Bubblewrap"/>), and no path names the run's folder: the home is given by its host path and shown as
/// <see cref="SandboxPaths.Home"/>.
/// </summary>
public static class SandboxEnvironment
{
    /// <summary>HOME, TMPDIR, the XDG folders, the .NET and NuGet homes under <paramref name="home"/>, and the
    /// toolchains a hidden folder would cover (<see cref="SandboxFolders.Toolchains"/>), with the folders to show
    /// read-only for them. The XDG folders are made, so a program finds the same layout in both homes.</summary>
    /// <param name="home">The host path of the private HOME (the agent home, or the checks' fresh one).</param>
    /// <param name="hidden">The folders the sandbox hides.</param>
    public static (IReadOnlyList<string> Readable, Dictionary<string, string> Environment) For(string home, IReadOnlyList<string> hidden)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(hidden);
        var (readable, toolchains) = SandboxFolders.Toolchains(hidden);
        var environment = new Dictionary<string, string>(toolchains, StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["TMPDIR"] = "/tmp", // the sandbox's own, empty
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
            ["XDG_STATE_HOME"] = Path.Combine(home, ".local", "state"),
            ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache"),
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = Path.Combine(home, ".nuget", "packages"),
        };
        foreach (var name in new[] { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME" })
        {
            Directory.CreateDirectory(environment[name]);
        }

        return (readable, environment);
    }
}

using LoopFunctions.Loops.Agents;

namespace LoopFunctions.Loops.Processes;

/// <summary>Finds programs the way execvp does, before they are started through <c>setsid</c>, so a missing program
/// is reported by its own name instead of as a failure of the wrapper.</summary>
internal static class ProgramPath
{
    /// <summary><c>setsid</c> (util-linux) when installed; null where it is not, and children then share our group.</summary>
    public static readonly string? Setsid = OperatingSystem.IsWindows() ? null : Find("setsid", Environment.GetEnvironmentVariable("PATH"));

    /// <exception cref="AgentException">The program is not found or not executable.</exception>
    public static string Resolve(string program, string workingDirectory, string? path)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(program, workingDirectory);
            return IsExecutable(full) ? full : throw NotFound(program, File.Exists(full) ? "it is not executable" : "no such file");
        }

        return Find(program, path) ?? throw NotFound(program, "not found on PATH");
    }

    /// <summary>The first executable <paramref name="program"/> in the folders of <paramref name="path"/>, or null.</summary>
    public static string? Find(string program, string? path) =>
        (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(IsExecutable);

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    private static AgentException NotFound(string program, string why) =>
        new($"could not start '{program}': {why}. Check that it is installed and on PATH.");
}

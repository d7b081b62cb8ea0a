namespace LoopFunctions.Loops.Tests.TestSupport;

/// <summary>Small shell scripts the tests run as real child processes (hooks, review commands, deployments).</summary>
internal static class Scripts
{
    /// <summary>Writes an executable <c>#!/bin/sh</c> script; returns its path.</summary>
    public static string Write(string path, string body)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}

namespace LoopFunctions.Loops.Workspace;

/// <summary>Removes folders an agent or a check has written: links inside are removed, never followed, and folders
/// a process made read-only are made writable again first.</summary>
internal static class Folders
{
    public static void Delete(string path)
    {
        var entry = new FileInfo(path);
        if (entry.LinkTarget is not null || entry.Exists)
        {
            File.Delete(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            MakeWritable(path);
            Directory.Delete(path, recursive: true);
        }
    }

    private static void MakeWritable(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var sub in new DirectoryInfo(folder).EnumerateDirectories())
        {
            if (sub.LinkTarget is null)
            {
                MakeWritable(sub.FullName);
            }
        }
    }
}

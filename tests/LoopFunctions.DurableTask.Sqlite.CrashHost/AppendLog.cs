using System.Globalization;

namespace LoopFunctions.DurableTask.Sqlite.CrashHost;

/// <summary>
/// A log several processes append to without tearing lines: each process writes its own file (<c>path.pid</c>),
/// one line at a time under a lock; readers read them all. (.NET opens FileMode.Append without O_APPEND, so two
/// writers of one file overwrite each other.)
/// </summary>
public static class AppendLog
{
    private static readonly Lock Gate = new();

    public static void Append(string path, string line)
    {
        lock (Gate)
        {
            File.AppendAllText(path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), line + "\n");
        }
    }

    public static List<string> ReadAllLines(string path)
    {
        var lines = new List<string>();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var file in Directory.GetFiles(folder, Path.GetFileName(path) + ".*").Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}

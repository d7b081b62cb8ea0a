using System.Diagnostics;

namespace LoopFunctions.Cli.Tests;

/// <summary>Finds processes by a mark in their command line (a GUID a test put there), and waits on files.</summary>
internal static class Processes
{
    /// <summary>Process ids whose command line contains <paramref name="mark"/>.</summary>
    public static IReadOnlyList<int> WithMark(string mark)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(mark, StringComparison.Ordinal) && !IsZombie(dir))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Polls until no live process carries <paramref name="mark"/>; false when some still do at the deadline.</summary>
    public static Task<bool> AllGoneAsync(string mark, TimeSpan deadline) => PollAsync(() => WithMark(mark).Count == 0, deadline);

    /// <summary>Kills what a test left behind (after a failed assertion).</summary>
    public static void KillMarked(string mark)
    {
        foreach (var pid in WithMark(mark))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    public static async Task<bool> PollAsync(Func<bool> condition, TimeSpan deadline)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }

    private static bool IsZombie(string dir)
    {
        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is "Z" or "X";
    }
}

using System.Globalization;
using System.Runtime.InteropServices;

namespace LoopFunctions.Loops.Processes;

/// <summary>
/// A child started in a session and process group of its own (<c>setsid</c>), tagged with a mark in its environment
/// that its descendants inherit. Killing it kills the group and, when asked, every process still carrying the mark:
/// a descendant that left the group (a daemon, <c>setsid</c> of its own) is found by the mark it cannot drop without
/// also dropping its whole environment.
/// </summary>
internal sealed partial class ProcessGroup(int id, string mark)
{
    /// <summary>The environment variable that carries the mark.</summary>
    public const string MarkVariable = "LOOPFN_PROCESS";

    private const int SigKill = 9;

    /// <summary>The group's id: the pid of its leader, the process that was started.</summary>
    public int Id { get; } = id;

    public string Mark { get; } = mark;

    /// <summary>SIGKILL to the group, then (with <paramref name="sweep"/>) to every process that carries the mark,
    /// until none is left.</summary>
    public void Kill(bool sweep)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (Id > 1)
        {
            // Never 0 or 1: kill(-0) is our own group, kill(-1) everything we may signal.
            _ = Kill(-Id, SigKill);
        }

        if (!sweep)
        {
            return;
        }

        // A process may fork while we look; a few passes catch the children of what the last pass killed.
        for (var pass = 0; pass < 5; pass++)
        {
            var found = WithMark(Mark);
            if (found.Count == 0)
            {
                return;
            }

            foreach (var pid in found.Where(p => p > 1))
            {
                _ = Kill(pid, SigKill);
            }
        }
    }

    /// <summary>Live processes whose environment carries <paramref name="mark"/>.</summary>
    public static IReadOnlyList<int> WithMark(string mark)
    {
        var needle = $"{MarkVariable}={mark}\0";
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "environ")).Contains(needle, StringComparison.Ordinal) && !IsDead(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked, or another user's process: not one of ours.
            }
        }

        return found;
    }

    /// <summary>The kernel's start time of <paramref name="pid"/> (clock ticks since boot), or null when it is gone.</summary>
    public static long? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] is "Z" or "X" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static bool IsDead(int pid) => StartTime(pid) is null;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}

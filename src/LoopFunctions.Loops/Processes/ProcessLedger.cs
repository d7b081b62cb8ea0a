using System.Globalization;

namespace LoopFunctions.Loops.Processes;

/// <summary>
/// A folder that records the process groups a run has alive, one file each, so that the next step of the run, in
/// this process or in the one that resumes it after a crash, kills whatever the last one left behind. A record names
/// the machine's boot, the group leader's pid and its start time, so a pid reused by an unrelated process, or a record
/// written on another machine sharing the folder, is never killed.
/// </summary>
public sealed class ProcessLedger(string folder)
{
    private static readonly Lazy<string> BootId = new(() =>
        File.Exists("/proc/sys/kernel/random/boot_id") ? File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() : "");

    public string Folder { get; } = folder;

    /// <summary>Kills every recorded group that is still alive on this machine and removes the records.</summary>
    /// <returns>How many groups were still alive.</returns>
    public int KillLeftovers()
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var killed = 0;
        foreach (var file in Directory.EnumerateFiles(Folder, "*.pid"))
        {
            var parts = ReadRecord(file);
            if (parts is [var boot, var pidText, var startText, var mark]
                && boot == BootId.Value
                && int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcessGroup.StartTime(pid)?.ToString(CultureInfo.InvariantCulture) == startText)
            {
                new ProcessGroup(pid, mark).Kill(sweep: true);
                killed++;
            }
            else if (parts is [var otherBoot, _, _, var strayMark] && otherBoot == BootId.Value)
            {
                // The leader is gone; what it left behind may still carry its mark.
                new ProcessGroup(0, strayMark).Kill(sweep: true);
            }

            File.Delete(file);
        }

        return killed;
    }

    /// <summary>Records <paramref name="group"/> until the returned handle is disposed.</summary>
    internal IDisposable Record(ProcessGroup group)
    {
        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, group.Id.ToString(CultureInfo.InvariantCulture) + ".pid");
        var start = ProcessGroup.StartTime(group.Id)?.ToString(CultureInfo.InvariantCulture) ?? "0";
        File.WriteAllText(file, $"{BootId.Value}\n{group.Id}\n{start}\n{group.Mark}\n");
        return new Removal(file);
    }

    private static string[]? ReadRecord(string file)
    {
        try
        {
            return File.ReadAllText(file).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private sealed class Removal(string file) : IDisposable
    {
        public void Dispose() => File.Delete(file);
    }
}

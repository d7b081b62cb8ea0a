using System.Globalization;

namespace LoopFunctions.Loops.Processes;

/// <summary>
/// A folder that records the process groups a run has alive, one file each, so that the next step of the run, in
/// this process or in the one that resumes it after a crash, kills whatever the last one left behind. A record names
/// the machine's boot, the group leader's pid and its start time, so a pid reused by an unrelated process, or a record
/// written on another machine sharing the folder, is never killed; and the process that recorded it (its owner), so a
/// sweep that may run beside live steps (<see cref="KillOrphaned"/>) takes only what a dead process left.
/// </summary>
public sealed class ProcessLedger(string folder)
{
    private static readonly Lazy<string> BootId = new(() =>
        File.Exists("/proc/sys/kernel/random/boot_id") ? File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() : "");

    private static readonly Lazy<string> ThisProcess = new(() => OwnerOf(Environment.ProcessId));

    public string Folder { get; } = folder;

    /// <summary>Who the records name as their owner: this process unless a test says otherwise.</summary>
    internal string Owner { get; init; } = ThisProcess.Value;

    /// <summary>Kills every recorded group that is still alive on this machine and removes the records.</summary>
    /// <returns>How many groups were still alive.</returns>
    public int KillLeftovers() => Kill(_ => true);

    /// <summary>Kills the recorded groups whose owner (the process that started them) is gone, as after a crash, and
    /// removes their records; a group a live process still runs is left alone, so this may run at any time, beside
    /// running steps.</summary>
    /// <returns>How many groups were still alive.</returns>
    public int KillOrphaned() => Kill(parts => parts switch
    {
        // Being written by a live step, or unreadable: its owner will remove it, or a full sweep will.
        null or { Length: < 4 } => false,
        { Length: 4 } => true, // written before records named their owner: no step of this version runs it
        _ => !IsAlive(parts[4]),
    });

    /// <summary>Records <paramref name="group"/> until the returned handle is disposed.</summary>
    internal IDisposable Record(ProcessGroup group)
    {
        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, group.Id.ToString(CultureInfo.InvariantCulture) + ".pid");
        var start = ProcessGroup.StartTime(group.Id)?.ToString(CultureInfo.InvariantCulture) ?? "0";
        // Written aside and renamed into place: a sweep reading a half-written record would take it for an orphan.
        var partial = file + ".partial";
        File.WriteAllText(partial, $"{BootId.Value}\n{group.Id}\n{start}\n{group.Mark}\n{Owner}\n");
        File.Move(partial, file, overwrite: true);
        return new Removal(file);
    }

    /// <param name="swept">Whether a record, by its lines (null when it could not be read), is to be swept.</param>
    private int Kill(Func<string[]?, bool> swept)
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var killed = 0;
        foreach (var file in Directory.EnumerateFiles(Folder, "*.pid"))
        {
            var parts = ReadRecord(file);
            if (!swept(parts))
            {
                continue;
            }

            if (parts is [var boot, var pidText, var startText, var mark, ..]
                && boot == BootId.Value
                && int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ProcessGroup.StartTime(pid)?.ToString(CultureInfo.InvariantCulture) == startText)
            {
                new ProcessGroup(pid, mark).Kill(sweep: true);
                killed++;
            }
            else if (parts is [var otherBoot, _, _, var strayMark, ..] && otherBoot == BootId.Value)
            {
                // The leader is gone; what it left behind may still carry its mark.
                new ProcessGroup(0, strayMark).Kill(sweep: true);
            }

            File.Delete(file);
        }

        return killed;
    }

    /// <summary>A process as a record names it: its pid and its start time, so a reused pid is another process.</summary>
    internal static string OwnerOf(int pid) =>
        $"{pid.ToString(CultureInfo.InvariantCulture)}:{ProcessGroup.StartTime(pid)?.ToString(CultureInfo.InvariantCulture) ?? "0"}";

    private static bool IsAlive(string owner) =>
        owner.Split(':') is [var pidText, _] && int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && OwnerOf(pid) == owner;

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

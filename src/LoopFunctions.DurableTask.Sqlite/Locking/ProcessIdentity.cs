using System.Diagnostics;
using System.Globalization;

namespace LoopFunctions.DurableTask.Sqlite.Locking;

/// <summary>
/// Who holds a lock: <c>host/pid-namespace/pid/start</c>. On the same host and in the same pid namespace, a holder
/// whose process is gone (no such pid, a zombie, or a pid reused by a later process, told apart by its start time) is
/// dead, so its locks can be taken at once instead of after their expiry. Across hosts or pid namespaces (containers
/// sharing a volume) nothing can be told, and expiry decides.
/// </summary>
internal static class ProcessIdentity
{
    private const string Unknown = "unknown";
    private static readonly string Host = Environment.MachineName;
    private static readonly string Namespace = PidNamespace();

    /// <summary>This process's owner id.</summary>
    public static string Current { get; } = Create(Environment.ProcessId, StartKey(Environment.ProcessId) ?? "0");

    public static string CurrentHost => Host;

    public static string Create(int pid, string startKey) => $"{Host}/{Namespace}/{pid.ToString(CultureInfo.InvariantCulture)}/{startKey}";

    /// <summary>True only when the owner is known to be dead: on this host, and its process gone or replaced.</summary>
    public static bool IsDead(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 4 || !string.Equals(parts[0], Host, StringComparison.Ordinal) || !string.Equals(parts[1], Namespace, StringComparison.Ordinal)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (string.Equals(owner, Current, StringComparison.Ordinal))
        {
            return false;
        }

        var start = StartKey(pid);
        return start is null || (start != Unknown && !string.Equals(start, parts[3], StringComparison.Ordinal));
    }

    private static string PidNamespace()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "0";
        }

        try
        {
            var target = new FileInfo("/proc/self/ns/pid").LinkTarget ?? "0";
            return new string(target.Where(char.IsAsciiDigit).ToArray());
        }
        catch (IOException)
        {
            return "0";
        }
        catch (UnauthorizedAccessException)
        {
            return "0";
        }
    }

    /// <summary>A value that identifies one run of a pid: the start time in clock ticks since boot on Linux (read
    /// exactly from /proc), the start time in UTC ticks elsewhere; null when the process does not exist or is a zombie.</summary>
    private static string? StartKey(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return Unknown; // exists but unreadable: never call it dead
            }

            // "pid (comm) state ppid ..." where comm may hold spaces and parentheses: fields count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" || fields[0] == "X" ? null : fields[19];
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return Unknown;
        }
    }
}

using System.Diagnostics;

namespace LoopFunctions.Benchmarks.Hosting;

/// <summary>User + system CPU time of a process (on Linux read from <c>/proc/PID/stat</c>).</summary>
internal static class ProcessCpu
{
    public static TimeSpan Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static TimeSpan Of(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.Refresh();
        return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
    }

    public static double RssMegabytes(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.Refresh();
        return process.HasExited ? 0 : Math.Round(process.WorkingSet64 / 1024.0 / 1024.0, 1);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace LoopFunctions.Loops.Processes;

/// <summary>
/// Starts child processes from one long-lived thread. Linux ties a child's parent-death signal (what bubblewrap's
/// <c>--die-with-parent</c> and <c>setpriv --pdeathsig</c> set) to the thread that forked it, not to the process, and
/// thread-pool threads exit when idle: a child forked from one would be killed mid-step for no reason. Forked from
/// this thread, which lives as long as the process, the signal fires only when the process dies.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Pending = [];

    static ProcessLauncher()
    {
        new Thread(Run) { IsBackground = true, Name = "loopfn process launcher" }.Start();
    }

    /// <summary>Starts <paramref name="process"/> on the launcher thread; faults as <see cref="Process.Start()"/> would.</summary>
    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Pending.Add((process, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (process, started) in Pending.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                started.SetException(ex);
            }
        }
    }
}

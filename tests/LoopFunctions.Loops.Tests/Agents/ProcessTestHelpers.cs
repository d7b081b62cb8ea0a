using System.Diagnostics;

namespace LoopFunctions.Loops.Tests.Agents;

internal static class ProcessTestHelpers
{
    /// <summary>Polls until the process no longer exists (or is a zombie waiting to be reaped) or the deadline passes.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan deadline)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < deadline)
        {
            if (!IsAlive(pid))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return !IsAlive(pid);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 3 (after the parenthesised command name) is the state; Z and X are dead.
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

}

internal static class Processes
{
    public static async Task<bool> PollAsync(Func<bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }
}

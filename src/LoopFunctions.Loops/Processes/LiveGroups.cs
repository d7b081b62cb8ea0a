namespace LoopFunctions.Loops.Processes;

/// <summary>The process groups of the children running now; all are killed when this process exits (after Ctrl+C or
/// SIGTERM, whatever the host did about its running steps), so no child outlives it.</summary>
internal static class LiveGroups
{
    private static readonly Dictionary<ProcessGroup, bool> Groups = [];
    private static readonly Lock Gate = new();

    static LiveGroups()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static IDisposable Track(ProcessGroup group, bool sweep)
    {
        lock (Gate)
        {
            Groups[group] = sweep;
        }

        return new Untrack(group);
    }

    /// <summary>Kills every live group now.</summary>
    public static void KillAll()
    {
        KeyValuePair<ProcessGroup, bool>[] all;
        lock (Gate)
        {
            all = [.. Groups];
        }

        foreach (var (group, sweep) in all)
        {
            group.Kill(sweep);
        }
    }

    private sealed class Untrack(ProcessGroup group) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                Groups.Remove(group);
            }
        }
    }
}

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// An exclusive lock on one run's folder, held by the steps that touch the agent's tree (the agent step and the
/// snapshot), so two executions of a run's steps never interleave on it.
/// </summary>
/// <remarks>
/// Activities are at-least-once: a worker that dies after an agent step finished but before its work item was
/// deleted leaves a duplicate that another worker runs later, possibly while the run's next step snapshots the tree.
/// The lock orders them; <see cref="StepRecords"/> then lets the duplicate see that its step already ran. The lock is
/// an advisory <c>flock</c> on <c>state/run.lock</c> (what .NET takes for <see cref="FileShare.None"/> on Linux): the
/// kernel drops it when its process dies, so a crash never leaves it held. Across machines it holds only on a file
/// system that honours <c>flock</c>.
/// </remarks>
public sealed class RunLock : IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(500);

    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <summary>Waits until the run's folder is free, then holds it until disposed.</summary>
    public static async Task<RunLock> AcquireAsync(RunFolder folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = folder.LockFile;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var wait = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                return new RunLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Held by another execution of this run's steps; it ends with its step (or its process).
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait = wait * 2 < MaxWait ? wait * 2 : MaxWait;
            }
        }
    }

    public void Dispose() => _file.Dispose();
}

using System.Collections.Concurrent;

namespace LoopFunctions.Loops.Verification;

/// <summary>
/// The host's limit on verifications running at once (<see cref="Activities.LoopRunnerOptions.MaxParallelVerifications"/>):
/// one semaphore per process, shared by every run's verify steps, so the attempts of <c>agent.attempts</c> (and many
/// loops on one host) never run more builds and test suites at once than the machine can take. The agents are bounded
/// by the engine's activity concurrency instead.
/// </summary>
/// <remarks>Keyed by the configured limit, so hosts of one process configured alike share one semaphore; a waiting
/// verification holds no workspace lock and is cancelled with its step.</remarks>
public static class VerificationSlots
{
    private static readonly ConcurrentDictionary<int, SemaphoreSlim> Gates = new();

    /// <summary>Waits for a free slot among <paramref name="limit"/>; the slot is held until the result is disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is below 1.</exception>
    public static async Task<IDisposable> EnterAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var gate = Gates.GetOrAdd(limit, n => new SemaphoreSlim(n, n));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(gate);
    }

    private sealed class Slot(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

using LoopFunctions.Loops.Verification;

namespace LoopFunctions.Loops.Tests.Verification;

/// <summary>The host's limit on verifications at once: a verification beyond it waits for a slot, and gets the one a
/// finished verification frees.</summary>
public sealed class VerificationSlotsTests
{
    [Fact]
    public async Task EnterAsync_LimitReached_WaitsUntilASlotIsFreed()
    {
        // A limit no other test uses, so the process-wide semaphore is this test's alone.
        const int Limit = 977;
        var held = new List<IDisposable>();
        for (var i = 0; i < Limit; i++)
        {
            held.Add(await VerificationSlots.EnterAsync(Limit, CancellationToken.None));
        }

        var waiting = VerificationSlots.EnterAsync(Limit, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        held[0].Dispose();
        held[0].Dispose(); // a second dispose frees nothing more
        var slot = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        var another = VerificationSlots.EnterAsync(Limit, CancellationToken.None);

        Assert.False(another.IsCompleted);
        slot.Dispose();
        (await another.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        held.Skip(1).ToList().ForEach(h => h.Dispose());
    }

    [Fact]
    public async Task EnterAsync_Cancelled_GivesUpItsWait()
    {
        // A limit of one no host of this process is configured with.
        const int Limit = 983;
        var others = new List<IDisposable>();
        for (var i = 0; i < Limit - 1; i++)
        {
            others.Add(await VerificationSlots.EnterAsync(Limit, CancellationToken.None));
        }

        using var first = await VerificationSlots.EnterAsync(Limit, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = VerificationSlots.EnterAsync(Limit, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        others.ForEach(h => h.Dispose());
    }
}

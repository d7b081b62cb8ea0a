using System.Net.Sockets;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask;
using Moq;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The retry every loop step runs under: which failures get another attempt.</summary>
public sealed class LoopStepsTests
{
    [Fact]
    public async Task StepRetry_SocketFailure_RetriesInsteadOfThrowing()
    {
        // SocketException is forwarded from System.Net.Sockets to System.Net.Primitives, so looking its name up in
        // every loaded assembly finds it twice; both must be loaded for the lookup to see the twin.
        _ = typeof(Socket).Assembly;
        _ = typeof(SocketException).Assembly;
        var failure = TaskFailureDetails.FromException(new SocketException((int)SocketError.ConnectionReset));

        Assert.True(await Decide(attempt: 1, failure));
    }

    [Fact]
    public async Task StepRetry_Rejected_DoesNotRetry()
    {
        var failure = TaskFailureDetails.FromException(new StepRejectedException("no sandbox"));

        Assert.False(await Decide(attempt: 1, failure));
    }

    [Fact]
    public async Task StepRetry_RejectionAsInnerCause_StillRetries()
    {
        // Only the step's own failure decides; a rejection wrapped by something else is not the step refusing.
        var failure = TaskFailureDetails.FromException(new InvalidOperationException("wrapped", new StepRejectedException("inner")));

        Assert.True(await Decide(attempt: 1, failure));
    }

    [Fact]
    public async Task StepRetry_LastAttemptFailed_Stops()
    {
        var failure = TaskFailureDetails.FromException(new IOException("disk"));

        Assert.True(await Decide(LoopSteps.StepAttempts - 1, failure));
        Assert.False(await Decide(LoopSteps.StepAttempts, failure));
    }

    private static Task<bool> Decide(int attempt, TaskFailureDetails failure)
    {
        var handler = LoopSteps.StepRetry.Retry?.Handler ?? throw new InvalidOperationException("StepRetry has no handler");
        var context = new RetryContext(Mock.Of<TaskOrchestrationContext>(), attempt, failure, TimeSpan.Zero, CancellationToken.None);
        return handler(context);
    }
}

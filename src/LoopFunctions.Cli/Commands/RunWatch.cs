using LoopFunctions.Cli.Terminal;
using LoopFunctions.Cli.Transcripts;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace LoopFunctions.Cli.Commands;

/// <summary>Follows a run on the embedded store to its end for <c>loopfn run</c> and <c>loopfn rewind</c>, showing
/// its progress as plain lines or as a live view.</summary>
internal static class RunWatch
{
    /// <summary>Watches the run to its end with its transcript streaming: under plain progress lines on stderr, or in a
    /// live view on <paramref name="live"/> when stderr is a terminal (no transcript with <paramref name="quiet"/>).</summary>
    public static async Task<OrchestrationMetadata> WatchAsync(LocalEngine engine, string instance, string loop, int? maxIterations, TextWriter error, IAnsiConsole? live, bool quiet, CancellationToken cancellationToken)
    {
        var transcripts = TranscriptPrinter.ForStore(engine.StorePath);
        if (live is not null)
        {
            var view = new RunView(loop, maxIterations, LiveRun.TranscriptLines(live));
            return await LiveRun.ShowAsync(live, view, async () =>
            {
                // Inside the live display, so the transcript's last lines (read when the tail stops) are in its last frame.
                await using (quiet ? null : TranscriptTail.Start(transcripts, instance, view.AddTranscript, live.Profile.Width - 1))
                {
                    return await WatchAsync(engine, instance, view, cancellationToken);
                }
            });
        }

        // The progress line and the transcript under it share the writer, each line whole.
        var progress = TextWriter.Synchronized(error);
        await using (quiet ? null : TranscriptTail.Start(transcripts, instance, progress))
        {
            return await WatchAsync(engine, instance, new ProgressPrinter(progress), cancellationToken);
        }
    }

    /// <summary>Reads the run's status until it ends, each status (and how to approve, once) told to
    /// <paramref name="progress"/>.</summary>
    public static async Task<OrchestrationMetadata> WatchAsync(LocalEngine engine, string instance, IRunProgress progress, CancellationToken cancellationToken)
    {
        var toldHowToApprove = false;
        while (true)
        {
            var metadata = await engine.Client.GetInstanceAsync(instance, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"instance {instance} disappeared from the store");
            if (metadata.ReadCustomStatusAs<LoopStatus>() is { } status)
            {
                progress.Show(status);
                if (status.Phase == LoopPhase.AwaitingApproval && !toldHowToApprove)
                {
                    // The run waits (up to the loop's approval_timeout) for a decision from another terminal.
                    progress.Note($"waiting for approval; approve with:  loopfn approve {instance} --store {engine.StorePath}");
                    progress.Note($"                    or reject with:  loopfn approve {instance} --reject --comment \"why\" --store {engine.StorePath}");
                    toldHowToApprove = true;
                }
            }

            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}

using LoopFunctions.Loops.Agents.Transcripts;

namespace LoopFunctions.Cli.Transcripts;

/// <summary>
/// The live transcript under <c>loopfn run</c>'s progress line: from <c>Start</c> until it is disposed, each
/// new entry of the run (any iteration) is written as one line of at most <c>width</c> characters, indented under the
/// progress. Disposing reads once more, so the last lines of a step that just ended are not lost.
/// </summary>
/// <remarks>Lines are written whole with <see cref="TextWriter.WriteLine(string)"/> from a background task: a writer
/// shared with other output should be <see cref="TextWriter.Synchronized(TextWriter)"/>.</remarks>
public sealed class TranscriptTail : IAsyncDisposable
{
    private const string Indent = "  │ ";
    private readonly TranscriptCursor _cursor;
    private readonly Action<string> _writeLine;
    private readonly Action _flush;
    private readonly int _width;
    private readonly TimeSpan _poll;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private int? _shown;

    private TranscriptTail(ITranscriptStore store, string instanceId, Action<string> writeLine, Action flush, int width, TimeSpan poll)
    {
        (_cursor, _writeLine, _flush, _width, _poll) = (new TranscriptCursor(store, instanceId), writeLine, flush, width, poll);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Starts tailing <paramref name="instanceId"/>'s transcripts into <paramref name="output"/>.</summary>
    public static TranscriptTail Start(ITranscriptStore store, string instanceId, TextWriter output, int width = 120, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(output);
        return new TranscriptTail(store, instanceId, output.WriteLine, output.Flush, Math.Max(20, width), pollInterval ?? TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Starts tailing <paramref name="instanceId"/>'s transcripts, each line handed to
    /// <paramref name="writeLine"/> (a live view that draws them itself); called from one task at a time.</summary>
    public static TranscriptTail Start(ITranscriptStore store, string instanceId, Action<string> writeLine, int width = 120, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(writeLine);
        return new TranscriptTail(store, instanceId, writeLine, () => { }, Math.Max(20, width), pollInterval ?? TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Stops tailing after writing what was stored until now.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The stop itself.
        }

        await WriteNewAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
        _reading.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await WriteNewAsync(_stop.Token).ConfigureAwait(false);
            await Task.Delay(_poll, _stop.Token).ConfigureAwait(false);
        }
    }

    private async Task WriteNewAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (n, entry) in await _cursor.NextAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_shown != n)
                {
                    _writeLine($"{Indent}iteration {n}");
                    _shown = n;
                }

                _writeLine(Indent + TranscriptPrinter.OneLine(entry, _width - Indent.Length));
            }

            _flush();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A transcript file deleted under us (a purge) or unreadable: nothing more to show, and the run it watches
            // must not fail for it.
        }
        finally
        {
            _reading.Release();
        }
    }
}

using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Cli.Terminal;

/// <summary>
/// The data of a run's live view: the last status, the newest transcript lines, the notes; written by the watch and
/// the transcript tail (each from its own task), read as a <see cref="RunFrame"/> by the renderer at each refresh.
/// It holds only what the plain lines print, nothing more.
/// </summary>
/// <param name="loop">The loop's name, shown until the first status names it.</param>
/// <param name="maxIterations">The loop's max_iterations, when known.</param>
/// <param name="transcriptLines">How many transcript lines the view keeps (its bounded height).</param>
/// <param name="time">The clock for the elapsed time.</param>
internal sealed class RunView(string loop, int? maxIterations, int transcriptLines = 8, TimeProvider? time = null) : IRunProgress
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Queue<string> _transcript = new();
    private readonly List<string> _notes = [];
    private readonly int _transcriptLines = Math.Max(1, transcriptLines);
    private readonly long _started = (time ?? TimeProvider.System).GetTimestamp();
    private LoopStatus? _status;
    private TimeSpan? _ended;

    public void Show(LoopStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_lock)
        {
            _status = status;
        }
    }

    public void Note(string line)
    {
        lock (_lock)
        {
            _notes.Add(line);
        }
    }

    /// <summary>A transcript line (as <see cref="Transcripts.TranscriptTail"/> writes it); the oldest one goes when the
    /// view is full.</summary>
    public void AddTranscript(string line)
    {
        lock (_lock)
        {
            _transcript.Enqueue(line);
            while (_transcript.Count > _transcriptLines)
            {
                _transcript.Dequeue();
            }
        }
    }

    /// <summary>The watch is over: the spinner stops and the elapsed time stays.</summary>
    public void End()
    {
        lock (_lock)
        {
            _ended ??= _time.GetElapsedTime(_started);
        }
    }

    public RunFrame Frame()
    {
        lock (_lock)
        {
            var s = _status;
            var agentError = s?.LastAgentError is { } error ? (error.Length > 160 ? error[..160] + "..." : error) : null;
            return new RunFrame(
                s?.Loop ?? loop,
                s is null ? "starting" : s.Phase.ToString().ToLowerInvariant(),
                s?.Iteration ?? 0,
                maxIterations,
                _ended ?? _time.GetElapsedTime(_started),
                s?.Spent.TotalTokens ?? 0,
                s?.Spent.CostText() ?? "$0.0000",
                s is null ? null : ProgressPrinter.Left(s.BudgetLeft),
                s?.LastVerification,
                agentError,
                [.. _transcript],
                [.. _notes],
                _ended is null);
        }
    }
}

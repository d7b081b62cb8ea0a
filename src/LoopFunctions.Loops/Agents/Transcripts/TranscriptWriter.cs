using System.Globalization;
using System.Threading.Channels;

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// Writes one agent step's transcript while it runs: entries are masked (<see cref="SecretMasker"/>), cut to
/// <see cref="MaxEntryChars"/>, and handed to a background pump that appends whatever has come in as one write, so
/// the agent never waits on storage and a reader sees lines within moments. Each stream (<see cref="TranscriptStream"/>:
/// the iteration's, or one attempt's of <c>agent.attempts</c>) is capped (<see cref="DefaultCap"/> bytes over all the
/// retries of its step): past the cap one <see cref="TranscriptKind.Truncated"/>
/// entry is written and the rest dropped.
/// </summary>
/// <remarks>Best effort: a store that fails loses transcript lines, never the step.</remarks>
public sealed class TranscriptWriter : IAsyncDisposable
{
    /// <summary>Bytes kept per iteration: 1 MiB.</summary>
    public const int DefaultCap = 1024 * 1024;

    /// <summary>Longest text of one entry; the middle of a longer one is cut.</summary>
    public const int MaxEntryChars = 16 * 1024;

    // Room kept under the cap for the truncation entry itself.
    private const int TruncationReserve = 256;
    private static readonly TimeSpan AppendTimeout = TimeSpan.FromSeconds(30);

    private readonly ITranscriptStore _store;
    private readonly string _instanceId;
    private readonly TranscriptStream _stream;
    private readonly SecretMasker _masker;
    private readonly long _cap;
    private readonly TimeProvider _time;
    private readonly Channel<byte[]> _lines = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly Task _pump;
    private long _used;
    private bool _full;

    private TranscriptWriter(ITranscriptStore store, string instanceId, TranscriptStream stream, SecretMasker masker, long cap, long used, TimeProvider time)
    {
        (_store, _instanceId, _stream, _masker, _cap, _used, _time) = (store, instanceId, stream, masker, cap, used, time);
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The instance the transcript belongs to.</summary>
    public string InstanceId => _instanceId;

    /// <summary>The iteration the transcript belongs to.</summary>
    public int Iteration => _stream.Iteration;

    /// <summary>The stream written: the iteration's own, or an attempt's of <c>agent.attempts</c>.</summary>
    public TranscriptStream Stream => _stream;

    /// <summary>The attempt of the step this writer records: 1, or more when the iteration's transcript already had
    /// entries (a retried step), whose start is then marked with a <see cref="TranscriptKind.Attempt"/> entry.</summary>
    public int Attempt { get; private init; } = 1;

    /// <summary>Opens a transcript stream (an <see cref="int"/> is the iteration's own) for one try of its step.</summary>
    public static async Task<TranscriptWriter> OpenAsync(ITranscriptStore store, string instanceId, TranscriptStream stream, SecretMasker masker, long cap = DefaultCap, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(masker);
        long used = 0;
        var attempt = 1;
        try
        {
            used = await store.LengthAsync(instanceId, stream, cancellationToken).ConfigureAwait(false);
            if (used > 0)
            {
                var earlier = await store.ReadAsync(instanceId, stream, 0, cancellationToken).ConfigureAwait(false);
                attempt = 2 + earlier.Entries.Count(e => e.Kind == TranscriptKind.Attempt);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store that fails loses transcript lines, never the step: write as a first attempt and let the appends
            // fail on their own (they are dropped, not thrown).
            (used, attempt) = (0, 1);
        }

        var writer = new TranscriptWriter(store, instanceId, stream, masker, cap, used, time ?? TimeProvider.System) { Attempt = attempt };
        if (attempt > 1)
        {
            writer.Write(TranscriptKind.Attempt, string.Create(CultureInfo.InvariantCulture, $"attempt {attempt}"));
        }

        return writer;
    }

    /// <summary>Records an entry; thread-safe, never blocks on storage.</summary>
    public void Write(TranscriptKind kind, string text, string? tool = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = Cut(_masker.Apply(text));
        var line = TranscriptLines.Serialize(new TranscriptEntry(_time.GetUtcNow(), kind, masked, tool is null ? null : _masker.Apply(tool)));
        lock (_gate)
        {
            if (_full)
            {
                return;
            }

            if (_used + line.Length > _cap - TruncationReserve)
            {
                _full = true;
                line = TranscriptLines.Serialize(new TranscriptEntry(_time.GetUtcNow(), TranscriptKind.Truncated,
                    string.Create(CultureInfo.InvariantCulture, $"the transcript reached its cap of {_cap} bytes; the rest of this iteration was not kept")));
            }

            _used += line.Length;
            _lines.Writer.TryWrite(line);
        }
    }

    /// <summary>A line of the agent's stdout.</summary>
    public void Output(string line) => Write(TranscriptKind.Output, line);

    /// <summary>A line of the agent's stderr.</summary>
    public void Stderr(string line) => Write(TranscriptKind.Stderr, line);

    /// <summary>A message of the model or the agent, or a note of the step.</summary>
    public void Message(string text) => Write(TranscriptKind.Message, text);

    /// <summary>A tool call with its arguments.</summary>
    public void ToolCall(string tool, string arguments) => Write(TranscriptKind.ToolCall, arguments, tool);

    /// <summary>What a tool call returned.</summary>
    public void ToolResult(string tool, string result) => Write(TranscriptKind.ToolResult, result, tool);

    /// <summary>Reported usage.</summary>
    public void Usage(string text) => Write(TranscriptKind.Usage, text);

    /// <summary>An error: the step's, or one the agent reported.</summary>
    public void Error(string text) => Write(TranscriptKind.Error, text);

    /// <summary>Stores what is still queued and stops the pump.</summary>
    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private static string Cut(string text)
    {
        if (text.Length <= MaxEntryChars)
        {
            return text;
        }

        var keep = MaxEntryChars / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{text[..keep]}\n[... {text.Length - 2 * keep} characters cut ...]\n{text[^keep..]}");
    }

    private async Task PumpAsync()
    {
        var reader = _lines.Reader;
        using var batch = new MemoryStream();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.SetLength(0);
            while (reader.TryRead(out var line))
            {
                batch.Write(line);
            }

            try
            {
                using var timeout = new CancellationTokenSource(AppendTimeout);
                await _store.AppendAsync(_instanceId, _stream, batch.GetBuffer().AsMemory(0, (int)batch.Length), timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The transcript is a record of the step, not the step: a failed write must not fail it.
            catch (Exception)
#pragma warning restore CA1031
            {
                // The lines of this batch are lost; later ones are tried again.
            }
        }
    }
}

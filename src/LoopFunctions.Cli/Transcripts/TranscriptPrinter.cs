using System.Globalization;
using LoopFunctions.Loops.Agents.Transcripts;

namespace LoopFunctions.Cli.Transcripts;

/// <summary>
/// What <c>loopfn logs &lt;instance&gt; [--iteration N] [-f]</c> prints: an instance's agent transcripts, one block per
/// iteration, every entry with its time, its attempt of <c>agent.attempts</c> (<c>[attempt 2]</c>) and kind and its
/// whole text; with <c>follow</c>, new entries as they are
/// stored until the run ends (<c>isLive</c> says so) or the token fires.
/// </summary>
/// <param name="store">Where the transcripts are (<see cref="ForStore"/> for a local store).</param>
/// <param name="isLive">Whether the instance may still write (its status is live); null: follow until cancelled.</param>
/// <param name="pollInterval">How often a follower looks for new entries; default a quarter second.</param>
public sealed class TranscriptPrinter(ITranscriptStore store, Func<CancellationToken, Task<bool>>? isLive = null, TimeSpan? pollInterval = null)
{
    private readonly ITranscriptStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly TimeSpan _poll = pollInterval ?? TimeSpan.FromMilliseconds(250);

    /// <summary>The store of a local SQLite store file: <c>transcripts/</c> beside it, as <c>loopfn run</c> writes it.</summary>
    public static FileTranscriptStore ForStore(string storePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(storePath);
        return new FileTranscriptStore(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storePath))!, "transcripts"));
    }

    /// <summary>Prints the transcripts of <paramref name="instanceId"/> (of one iteration, when given).</summary>
    /// <returns>The number of entries printed.</returns>
    public async Task<int> PrintAsync(string instanceId, int? iteration, bool follow, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(output);
        var cursor = new TranscriptCursor(_store, instanceId, iteration);
        int? shown = null;
        var printed = 0;
        while (true)
        {
            // Asked before reading: whatever a run wrote before it ended is read by this pass, then the loop stops.
            var live = follow && (isLive is null || await isLive(cancellationToken).ConfigureAwait(false));
            foreach (var (n, entry) in await cursor.NextAsync(cancellationToken).ConfigureAwait(false))
            {
                if (shown != n)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"── iteration {n} ──")).ConfigureAwait(false);
                    shown = n;
                }

                await output.WriteLineAsync(Format(entry)).ConfigureAwait(false);
                printed++;
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (!live)
            {
                return printed;
            }

            await Task.Delay(_poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>An entry as <c>12:03:04 tool_call write_file</c> followed by its text, later lines indented.</summary>
    public static string Format(TranscriptEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = Printable(entry.Text.TrimEnd().ReplaceLineEndings("\n")).Replace("\n", "\n         ", StringComparison.Ordinal);
        return $"{Head(entry)} {text}";
    }

    /// <summary>An entry on one line of at most <paramref name="width"/> characters, for a live view.</summary>
    public static string OneLine(TranscriptEntry entry, int width)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var line = $"{Head(entry)} {string.Join(" ⏎ ", Printable(entry.Text.Trim().ReplaceLineEndings("\n")).Split('\n'))}";
        return line.Length <= width ? line : line[..Math.Max(1, width - 1)] + "…";
    }

    /// <summary>The text with control characters (other than line ends and tabs) shown as <c>^[</c>-style marks: an
    /// agent's output must not drive the user's terminal (escape sequences set the title, write the clipboard, hide
    /// text).</summary>
    internal static string Printable(string text)
    {
        if (!text.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            return text;
        }

        var printable = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            printable.Append(c switch
            {
                '\n' or '\t' => c.ToString(),
                < ' ' => "^" + (char)(c + '@'),
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return printable.ToString();
    }

    internal static string Head(TranscriptEntry entry)
    {
        var kind = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(entry.Kind.ToString());
        var time = entry.Time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        // With agent.attempts the iteration's attempts run at once: each line says whose it is.
        var attempt = entry.Attempt is { } n ? string.Create(CultureInfo.InvariantCulture, $" [attempt {n}]") : "";
        return entry.Tool is { } tool ? $"{time}{attempt} {kind} {tool}:" : $"{time}{attempt} {kind}:";
    }
}

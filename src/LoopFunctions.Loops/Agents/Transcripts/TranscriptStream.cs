using System.Globalization;

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// One stored transcript of an instance: an iteration's agent step, or with <c>agent.attempts</c> one attempt's agent
/// step of the iteration. Attempts run at the same time, so each writes a stream of its own (its own lines, its own
/// cap); an iteration without attempts is the stream it always was. An <see cref="int"/> converts to the iteration's
/// own stream.
/// </summary>
/// <param name="Iteration">The iteration (from 1; 0 is allowed for a store's own tests).</param>
/// <param name="Attempt">The attempt of <c>agent.attempts</c> (from 1), or null for the iteration's only agent step.</param>
public readonly record struct TranscriptStream(int Iteration, int? Attempt = null)
{
    /// <summary>The iteration's own stream (no attempt).</summary>
    public static implicit operator TranscriptStream(int iteration) => FromInt32(iteration);

    /// <summary>The iteration's own stream (no attempt).</summary>
    public static TranscriptStream FromInt32(int iteration) => new(iteration);

    /// <summary>The stored name: <c>&lt;iteration&gt;.jsonl</c>, or <c>&lt;iteration&gt;-attempt-&lt;n&gt;.jsonl</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative iteration, or an attempt below 1.</exception>
    public string FileName
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(Iteration);
            if (Attempt is < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Attempt), Attempt, "attempts are numbered from 1");
            }

            var iteration = Iteration.ToString(CultureInfo.InvariantCulture);
            return Attempt is { } n ? $"{iteration}-attempt-{n.ToString(CultureInfo.InvariantCulture)}.jsonl" : iteration + ".jsonl";
        }
    }

    /// <summary>The stream a stored name stands for (<see cref="FileName"/>), or null for another name.</summary>
    public static TranscriptStream? Parse(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!fileName.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return null;
        }

        var stem = fileName[..^6];
        var parts = stem.Split("-attempt-");
        return parts switch
        {
            [var i] when Number(i) is { } iteration => new TranscriptStream(iteration),
            [var i, var a] when Number(i) is { } iteration && Number(a) is { } attempt and >= 1 => new TranscriptStream(iteration, attempt),
            _ => null,
        };
    }

    /// <summary>Orders streams by iteration, the iteration's own first, then by attempt.</summary>
    public static int Compare(TranscriptStream a, TranscriptStream b) =>
        a.Iteration != b.Iteration ? a.Iteration.CompareTo(b.Iteration) : (a.Attempt ?? 0).CompareTo(b.Attempt ?? 0);

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// Follows an instance's transcripts: each <see cref="NextAsync"/> returns the entries stored since the last call, of
/// every iteration (or of one), in iteration order, each entry once; with <c>agent.attempts</c> the iteration's
/// attempts one after the other, each entry naming its attempt (<see cref="TranscriptEntry.Attempt"/>). Readers poll it: the CLI's <c>logs -f</c> and
/// the live tail of <c>loopfn run</c>.
/// </summary>
public sealed class TranscriptCursor(ITranscriptStore store, string instanceId, int? iteration = null)
{
    private readonly ITranscriptStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly Dictionary<TranscriptStream, long> _offsets = [];

    /// <summary>The entries stored since the last call, with their iteration.</summary>
    public async Task<IReadOnlyList<(int Iteration, TranscriptEntry Entry)>> NextAsync(CancellationToken cancellationToken)
    {
        var streams = await _store.StreamsAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var found = new List<(int, TranscriptEntry)>();
        foreach (var stream in streams.Where(s => iteration is null || s.Iteration == iteration))
        {
            var chunk = await _store.ReadAsync(instanceId, stream, _offsets.GetValueOrDefault(stream), cancellationToken).ConfigureAwait(false);
            _offsets[stream] = chunk.NextOffset;
            found.AddRange(chunk.Entries.Select(e => (stream.Iteration, e)));
        }

        return found;
    }
}

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// Follows an instance's transcripts: each <see cref="NextAsync"/> returns the entries stored since the last call, of
/// every iteration (or of one), in iteration order, each entry once. Readers poll it: the CLI's <c>logs -f</c> and
/// the live tail of <c>loopfn run</c>.
/// </summary>
public sealed class TranscriptCursor(ITranscriptStore store, string instanceId, int? iteration = null)
{
    private readonly ITranscriptStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly Dictionary<int, long> _offsets = [];

    /// <summary>The entries stored since the last call, with their iteration.</summary>
    public async Task<IReadOnlyList<(int Iteration, TranscriptEntry Entry)>> NextAsync(CancellationToken cancellationToken)
    {
        var iterations = iteration is { } one ? [one] : await _store.IterationsAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var found = new List<(int, TranscriptEntry)>();
        foreach (var n in iterations)
        {
            var chunk = await _store.ReadAsync(instanceId, n, _offsets.GetValueOrDefault(n), cancellationToken).ConfigureAwait(false);
            _offsets[n] = chunk.NextOffset;
            found.AddRange(chunk.Entries.Select(e => (n, e)));
        }

        return found;
    }
}

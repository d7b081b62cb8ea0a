namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// Where agent steps keep their transcripts: JSON lines (<see cref="TranscriptEntry"/>) per instance and iteration,
/// appended while the step runs so a reader can follow them, and deleted with the instance. Never part of the
/// orchestration history. Implementations: <see cref="FileTranscriptStore"/> (a folder beside the SQLite store) and
/// <see cref="BlobTranscriptStore"/> (append blobs, for a host on Azure Storage).
/// </summary>
public interface ITranscriptStore
{
    /// <summary>Bytes stored so far for the iteration (0 when there is none): a retried attempt continues after them,
    /// under the same cap.</summary>
    Task<long> LengthAsync(string instanceId, int iteration, CancellationToken cancellationToken);

    /// <summary>Appends whole JSON lines (each ending in <c>\n</c>) to the iteration's transcript, creating it.</summary>
    Task AppendAsync(string instanceId, int iteration, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken);

    /// <summary>The complete entries from byte <paramref name="offset"/> on; an unknown transcript reads empty.</summary>
    Task<TranscriptChunk> ReadAsync(string instanceId, int iteration, long offset, CancellationToken cancellationToken);

    /// <summary>The iterations of the instance that have a transcript, ascending.</summary>
    Task<IReadOnlyList<int>> IterationsAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes every transcript of the instance (its purge); nothing to delete is no error.</summary>
    Task DeleteAsync(string instanceId, CancellationToken cancellationToken);
}

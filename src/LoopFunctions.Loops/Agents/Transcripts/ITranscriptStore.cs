namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// Where agent steps keep their transcripts: JSON lines (<see cref="TranscriptEntry"/>) per instance and iteration
/// (and, with <c>agent.attempts</c>, per attempt: a <see cref="TranscriptStream"/>; an <see cref="int"/> names the
/// iteration's own stream), appended while the step runs so a reader can follow them, and deleted with the instance. Never part of the
/// orchestration history. Implementations: <see cref="FileTranscriptStore"/> (a folder beside the SQLite store) and
/// <see cref="BlobTranscriptStore"/> (append blobs, for a host on Azure Storage).
/// </summary>
public interface ITranscriptStore
{
    /// <summary>Bytes stored so far in the stream (0 when there is none): a retried step continues after them, under
    /// the same cap.</summary>
    Task<long> LengthAsync(string instanceId, TranscriptStream stream, CancellationToken cancellationToken);

    /// <summary>Appends whole JSON lines (each ending in <c>\n</c>) to the stream, creating it.</summary>
    Task AppendAsync(string instanceId, TranscriptStream stream, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken);

    /// <summary>The complete entries of the stream from byte <paramref name="offset"/> on, each naming the stream's
    /// attempt (<see cref="TranscriptEntry.Attempt"/>); an unknown transcript reads empty.</summary>
    Task<TranscriptChunk> ReadAsync(string instanceId, TranscriptStream stream, long offset, CancellationToken cancellationToken);

    /// <summary>The iterations of the instance that have a transcript (their own or an attempt's), ascending.</summary>
    Task<IReadOnlyList<int>> IterationsAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Every stream of the instance, by iteration, the iteration's own before its attempts'
    /// (<see cref="TranscriptStream.Compare"/>).</summary>
    Task<IReadOnlyList<TranscriptStream>> StreamsAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes every transcript of the instance (its purge); nothing to delete is no error.</summary>
    Task DeleteAsync(string instanceId, CancellationToken cancellationToken);
}

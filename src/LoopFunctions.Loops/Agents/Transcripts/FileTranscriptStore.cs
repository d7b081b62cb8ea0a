using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// Transcripts as files: <c>&lt;folder&gt;/&lt;instance key&gt;/&lt;iteration&gt;.jsonl</c> (an attempt's
/// <c>&lt;iteration&gt;-attempt-&lt;n&gt;.jsonl</c>), the instance's folder
/// named by <see cref="InstanceKey"/> (one to one, safe for any instance id, as the run folders are). The default
/// folder is <c>transcripts/</c> beside the store (<see cref="ForWorkRoot"/>).
/// </summary>
public sealed class FileTranscriptStore : ITranscriptStore
{
    /// <summary>Creates the store over <paramref name="folder"/> (made on the first append).</summary>
    public FileTranscriptStore(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The folder holding one folder per instance.</summary>
    public string Folder { get; }

    /// <summary>The store beside a work root (<c>&lt;store dir&gt;/workspaces</c>): <c>&lt;store dir&gt;/transcripts</c>.</summary>
    public static FileTranscriptStore ForWorkRoot(string workRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(workRoot);
        var full = Path.GetFullPath(workRoot).TrimEnd(Path.DirectorySeparatorChar);
        return new FileTranscriptStore(Path.Combine(Path.GetDirectoryName(full) ?? full, "transcripts"));
    }

    /// <inheritdoc />
    public Task<long> LengthAsync(string instanceId, TranscriptStream stream, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(instanceId, stream));
        return Task.FromResult(file.Exists ? file.Length : 0L);
    }

    /// <inheritdoc />
    public async Task AppendAsync(string instanceId, TranscriptStream stream, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        var path = PathOf(instanceId, stream);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
        if (!OperatingSystem.IsWindows())
        {
            // The agent's output can quote private code and issues: other local users have no business reading it.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new FileStream(path, options);
        await file.WriteAsync(lines, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TranscriptChunk> ReadAsync(string instanceId, TranscriptStream stream, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var path = PathOf(instanceId, stream);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (offset >= file.Length)
            {
                return new TranscriptChunk([], offset);
            }

            file.Seek(offset, SeekOrigin.Begin);
            var bytes = new byte[file.Length - offset];
            var read = await file.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return TranscriptLines.Parse(bytes.AsSpan(0, read), offset, stream.Attempt);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new TranscriptChunk([], offset);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<int>> IterationsAsync(string instanceId, CancellationToken cancellationToken) =>
        [.. (await StreamsAsync(instanceId, cancellationToken).ConfigureAwait(false)).Select(s => s.Iteration).Distinct()];

    /// <inheritdoc />
    public Task<IReadOnlyList<TranscriptStream>> StreamsAsync(string instanceId, CancellationToken cancellationToken)
    {
        var folder = FolderOf(instanceId);
        var streams = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Select(f => TranscriptStream.Parse(Path.GetFileName(f))).OfType<TranscriptStream>().ToList()
            : [];
        streams.Sort(TranscriptStream.Compare);
        return Task.FromResult<IReadOnlyList<TranscriptStream>>(streams);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string instanceId, CancellationToken cancellationToken)
    {
        var folder = FolderOf(instanceId);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never written, or already deleted: the purge's wish holds.
        }

        return Task.CompletedTask;
    }

    private string FolderOf(string instanceId)
    {
        // An empty id would name the whole transcripts folder (and a delete would take every run's transcripts).
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return Path.Combine(Folder, InstanceKey.For(instanceId));
    }

    private string PathOf(string instanceId, TranscriptStream stream) => Path.Combine(FolderOf(instanceId), stream.FileName);
}

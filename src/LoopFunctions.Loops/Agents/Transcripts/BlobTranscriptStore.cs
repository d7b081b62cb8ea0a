using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// Transcripts in Azure Blob Storage: one append blob per iteration, <c>&lt;instance key&gt;/&lt;iteration&gt;.jsonl</c>
/// (and per attempt of <c>agent.attempts</c>, <c>&lt;iteration&gt;-attempt-&lt;n&gt;.jsonl</c>)
/// in a container of the task hub's own (<see cref="ContainerName"/>), so hubs sharing an account never see or purge
/// each other's transcripts. Each flush of a step is one appended block; readers read from a byte offset.
/// </summary>
public sealed class BlobTranscriptStore(BlobContainerClient container) : ITranscriptStore
{
    private readonly BlobContainerClient _container = container ?? throw new ArgumentNullException(nameof(container));
    private int _created;

    /// <summary>The container of a task hub's transcripts: <c>&lt;hub, lower case&gt;-transcripts</c> (a hub name is
    /// 3 to 45 letters and digits, so the name is a valid container name).</summary>
    public static string ContainerName(string hubName)
    {
        ArgumentException.ThrowIfNullOrEmpty(hubName);
        return hubName.ToLowerInvariant() + "-transcripts";
    }

    /// <inheritdoc />
    public async Task<long> LengthAsync(string instanceId, TranscriptStream stream, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await Blob(instanceId, stream).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return properties.Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }

    /// <inheritdoc />
    public async Task AppendAsync(string instanceId, TranscriptStream stream, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            // Marked only once it worked: a container that failed to be created once is tried again on the next append.
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _created, 1);
        }

        var blob = Blob(instanceId, stream);
        await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var content = new MemoryStream(lines.ToArray(), writable: false);
        await blob.AppendBlockAsync(content, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TranscriptChunk> ReadAsync(string instanceId, TranscriptStream stream, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        try
        {
            var download = await Blob(instanceId, stream)
                .DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(offset) }, cancellationToken).ConfigureAwait(false);
            return TranscriptLines.Parse(download.Value.Content.ToMemory().Span, offset, stream.Attempt);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 416)
        {
            // No transcript yet, or nothing after the offset.
            return new TranscriptChunk([], offset);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<int>> IterationsAsync(string instanceId, CancellationToken cancellationToken) =>
        [.. (await StreamsAsync(instanceId, cancellationToken).ConfigureAwait(false)).Select(s => s.Iteration).Distinct()];

    /// <inheritdoc />
    public async Task<IReadOnlyList<TranscriptStream>> StreamsAsync(string instanceId, CancellationToken cancellationToken)
    {
        var streams = new List<TranscriptStream>();
        try
        {
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(instanceId) }, cancellationToken).ConfigureAwait(false))
            {
                if (TranscriptStream.Parse(item.Name[Prefix(instanceId).Length..]) is { } stream)
                {
                    streams.Add(stream);
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No container yet: no transcripts.
        }

        streams.Sort(TranscriptStream.Compare);
        return streams;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(instanceId) }, cancellationToken).ConfigureAwait(false))
            {
                await _container.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No container: nothing to delete.
        }
    }

    private static string Prefix(string instanceId) => InstanceKey.For(instanceId) + "/";

    private AppendBlobClient Blob(string instanceId, TranscriptStream stream) =>
        _container.GetAppendBlobClient(Prefix(instanceId) + stream.FileName);
}

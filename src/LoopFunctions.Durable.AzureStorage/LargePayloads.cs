using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>The <c>{hub}-large</c> container: payloads over the queue or table limits live in a blob, and the message
/// or row keeps its name.</summary>
internal sealed class LargePayloads(BlobContainerClient container)
{
    /// <summary>Characters a table string property may hold (64 KiB of UTF-16), with room to spare.</summary>
    public const int MaxTableChars = 30_000;

    /// <summary>Bytes of envelope text a queue message may hold once base64-encoded (64 KiB), with room to spare.</summary>
    public const int MaxQueueBytes = 45_000;

    public BlobContainerClient Container => container;

    public async Task UploadAsync(string name, string content, CancellationToken cancellationToken) =>
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true, cancellationToken).ConfigureAwait(false);

    public async Task<string> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        var result = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return result.Value.Content.ToString();
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        await container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            await DeleteAsync(blob.Name, cancellationToken).ConfigureAwait(false);
        }
    }
}

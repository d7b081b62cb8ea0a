using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Loops.Publishing;

/// <summary>
/// Private publish links handed only where a loop says (<c>outputs.publish.share</c>): a link kept out of the run's
/// record has its SAS taken off, and the steps that need it (the pull-request comment, the post-deploy checks) sign
/// it again, inside their activity, with the same expiry.
/// </summary>
public static class PublishLinks
{
    /// <summary>The link without its SAS (the other query parameters, such as a listing's <c>prefix</c>, stay).</summary>
    public static string Unsigned(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var builder = new BlobUriBuilder(new Uri(url)) { Sas = null };
        return builder.ToUri().AbsoluteUri;
    }

    /// <summary>The link with a read-only (read + list) container SAS valid until <paramref name="expires"/>.</summary>
    /// <exception cref="LoopFunctionsException">The connection string carries no account key to sign with.</exception>
    public static string Signed(BlobServiceClient service, string url, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(url);
        var builder = new BlobUriBuilder(new Uri(url)) { Sas = null };
        var container = service.GetBlobContainerClient(builder.BlobContainerName);
        if (!container.CanGenerateSasUri)
        {
            throw new LoopFunctionsException("a private publish link needs a SAS signed with the account key: PublishConnectionString must carry an AccountKey.");
        }

        builder.Sas = new BlobUriBuilder(container.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, expires)).Sas;
        return builder.ToUri().AbsoluteUri;
    }

    /// <summary>Deletes every blob under <paramref name="prefix"/> (a publish deployment's rollback: the link stops
    /// working); returns how many.</summary>
    public static async Task<int> WithdrawAsync(BlobServiceClient service, string container, string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var client = service.GetBlobContainerClient(container);
        var deleted = 0;
        var folder = prefix.TrimEnd('/') + "/";
        await foreach (var blob in client.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = folder }, cancellationToken).ConfigureAwait(false))
        {
            await client.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            deleted++;
        }

        return deleted;
    }

    /// <summary>The Blob service of <paramref name="connectionString"/>, with an error that never echoes it.</summary>
    /// <exception cref="LoopFunctionsException">It is missing or not a connection string.</exception>
    public static BlobServiceClient Service(string? connectionString, string purpose)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new LoopFunctionsException($"{purpose} needs an Azure Storage connection string: set LoopRunnerOptions.PublishConnectionString (loopfn: LOOPFN_PUBLISH_CONNECTION or AzureWebJobsStorage).");
        }

        try
        {
            return new BlobServiceClient(connectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new LoopFunctionsException("LoopRunnerOptions.PublishConnectionString is not a valid Azure Storage connection string.");
        }
    }
}

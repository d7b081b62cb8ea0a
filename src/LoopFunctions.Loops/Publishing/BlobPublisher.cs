using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Publishing;

/// <summary>
/// Uploads a folder under a prefix of a container, skipping files whose blob already has the same SHA-256 (kept in the
/// <c>contentsha256</c> metadata), removes blobs of files that are gone, writes the signed provenance record, and
/// returns the link to share.
/// </summary>
internal static class BlobPublisher
{
    public const string HashMetadata = "contentsha256";

    /// <exception cref="LoopFunctionsException">The folder cannot be published (missing, a link, a reserved name), or a
    /// private link cannot be signed.</exception>
    public static async Task<PublishResult> PublishAsync(BlobServiceClient service, PublishInput input, string commit, string signingKey, CancellationToken cancellationToken)
    {
        var plan = input.Publish;
        // The checkout the last verification ran in: the verified commit plus what its checks built.
        var folder = await PublishFolder.ScanAsync(new Workspace.RunFolder(input.Workspace.Path).Checkout, plan.Folder, cancellationToken).ConfigureAwait(false);
        if (folder.Files.Any(f => f.File.Path == ProvenanceRecord.FileName))
        {
            throw new LoopFunctionsException($"outputs.publish.folder '{plan.Folder}' has its own {ProvenanceRecord.FileName}; that name is reserved for the provenance record.");
        }

        var container = service.GetBlobContainerClient(plan.Container);
        if (!plan.IsPublic && !container.CanGenerateSasUri)
        {
            throw new LoopFunctionsException("outputs.publish with visibility private needs a SAS link signed with the account key: PublishConnectionString must carry an AccountKey.");
        }

        await EnsureContainerAsync(container, plan.IsPublic, cancellationToken).ConfigureAwait(false);
        var prefix = plan.Prefix.TrimEnd('/') + "/";
        var existing = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix }, cancellationToken).ConfigureAwait(false))
        {
            existing[blob.Name] = blob.Metadata.TryGetValue(HashMetadata, out var hash) ? hash : null;
        }

        var (uploaded, unchanged) = (0, 0);
        foreach (var (file, fullPath) in folder.Files)
        {
            var name = prefix + file.Path;
            if (existing.TryGetValue(name, out var hash) && hash == file.Sha256)
            {
                unchanged++;
                continue;
            }

            await container.GetBlobClient(name).UploadAsync(fullPath, Options(file.Path, file.Sha256), cancellationToken).ConfigureAwait(false);
            uploaded++;
        }

        var keep = folder.Files.Select(f => prefix + f.File.Path).Append(prefix + ProvenanceRecord.FileName).ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var stale in existing.Keys.Where(k => !keep.Contains(k)))
        {
            await container.GetBlobClient(stale).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            deleted++;
        }

        var record = Provenance(input, commit, folder);
        var json = Encoding.UTF8.GetBytes(ProvenanceSigner.SignToJson(record, signingKey));
        await container.GetBlobClient(prefix + ProvenanceRecord.FileName)
            .UploadAsync(new BinaryData(json), Options(ProvenanceRecord.FileName, Convert.ToHexStringLower(SHA256.HashData(json))), cancellationToken).ConfigureAwait(false);

        var hasIndex = folder.Files.Any(f => f.File.Path == "index.html");
        var (url, expires) = Link(container, plan.Prefix.TrimEnd('/'), hasIndex, plan.IsPublic, plan.LinkExpiry);
        return new PublishResult(url.AbsoluteUri, plan.Container, plan.Prefix, uploaded, unchanged, deleted, folder.SkippedLinks, expires);
    }

    private static async Task EnsureContainerAsync(BlobContainerClient container, bool isPublic, CancellationToken cancellationToken)
    {
        var access = isPublic ? PublicAccessType.Blob : PublicAccessType.None;
        var created = await container.CreateIfNotExistsAsync(access, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (created is not null)
        {
            return;
        }

        var current = (await container.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.PublicAccess ?? PublicAccessType.None;
        if (isPublic && current != PublicAccessType.Blob)
        {
            await container.SetAccessPolicyAsync(PublicAccessType.Blob, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (!isPublic && current != PublicAccessType.None)
        {
            // Never publish a private report into a container anyone can read.
            throw new LoopFunctionsException($"outputs.publish is private, but the container '{container.Name}' allows anonymous reads ({current}); use another container or make it private.");
        }
    }

    private static BlobUploadOptions Options(string path, string sha256) => new()
    {
        HttpHeaders = new BlobHttpHeaders { ContentType = ContentTypes.For(path) },
        Metadata = new Dictionary<string, string> { [HashMetadata] = sha256 },
    };

    /// <summary>The page (<c>index.html</c>) when there is one, else for a private container the prefix's listing, with a
    /// read-only (read + list) container SAS that expires after <c>link_expiry</c>. A public container allows anonymous
    /// blob reads but not listing (that would expose every other prefix), so without an index.html its link is the
    /// provenance record, which lists every file.</summary>
    private static (Uri Url, DateTimeOffset? Expires) Link(BlobContainerClient container, string prefix, bool hasIndex, bool isPublic, TimeSpan expiry)
    {
        DateTimeOffset? expires = isPublic ? null : DateTimeOffset.UtcNow.Add(expiry);
        var baseUri = isPublic ? container.Uri : container.GenerateSasUri(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, expires!.Value);
        var builder = new BlobUriBuilder(baseUri);
        if (hasIndex || isPublic)
        {
            builder.BlobName = prefix + "/" + (hasIndex ? "index.html" : ProvenanceRecord.FileName);
            return (builder.ToUri(), expires);
        }

        var listing = builder.ToUri();
        var separator = string.IsNullOrEmpty(listing.Query) ? "?" : "&";
        return (new Uri($"{listing.AbsoluteUri}{separator}restype=container&comp=list&prefix={Uri.EscapeDataString(prefix + "/")}"), expires);
    }

    private static ProvenanceRecord Provenance(PublishInput input, string commit, PublishFolder folder) => new(
        1,
        input.Loop,
        input.InstanceId,
        commit,
        input.Workspace.Branch,
        input.Publish.Container,
        input.Publish.Prefix.TrimEnd('/'),
        DateTime.SpecifyKind(input.PublishedAt, DateTimeKind.Utc),
        input.Verification?.Passed ?? false,
        input.Verification?.Summary ?? "",
        input.Verification?.Checks.Select(c => new ProvenanceCheck(c.Name, c.Passed, c.Summary)).ToList() ?? [],
        input.Spent.InputTokens,
        input.Spent.OutputTokens,
        input.Spent.CostUsd,
        folder.Files.Select(f => f.File).ToList());
}

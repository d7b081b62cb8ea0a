using Azure.Storage.Blobs;
using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Loops.Publishing;

/// <summary>
/// Where a published folder is, from a link to it. Accepted: the provenance.json URL; a file's URL such as
/// <c>.../{prefix}/index.html</c> (the folder is its parent); a container listing URL with <c>prefix=</c> (what publish
/// returns for a folder without index.html); a folder URL ending in <c>/</c>. Any SAS in the link is kept for every
/// download; other query parameters are dropped.
/// </summary>
internal sealed class PublishLocation
{
    private readonly BlobUriBuilder _builder;

    private PublishLocation(BlobUriBuilder builder, IReadOnlyList<string> candidates) => (_builder, Candidates) = (builder, candidates);

    /// <summary>The folders to look for provenance.json in, most likely first.</summary>
    public IReadOnlyList<string> Candidates { get; }

    public string Container => _builder.BlobContainerName;

    /// <exception cref="LoopFunctionsException">The URL names no blob container.</exception>
    public static PublishLocation Parse(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        BlobUriBuilder builder;
        try
        {
            builder = new BlobUriBuilder(url);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            throw new LoopFunctionsException($"'{Redact(url)}' is not a Blob Storage URL: {ex.Message}");
        }

        if (string.IsNullOrEmpty(builder.BlobContainerName))
        {
            throw new LoopFunctionsException($"'{Redact(url)}' names no blob container.");
        }

        var listPrefix = (builder.Query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && p[0] == "prefix")
            .Select(p => Uri.UnescapeDataString(p[1].Replace('+', ' ')))
            .FirstOrDefault();
        var blob = builder.BlobName ?? "";
        builder.Query = null;
        List<string> candidates = listPrefix is not null ? [listPrefix.Trim('/')]
            : blob.EndsWith('/') ? [blob.Trim('/')]
            : blob == ProvenanceRecord.FileName || blob.EndsWith("/" + ProvenanceRecord.FileName, StringComparison.Ordinal) ? [Parent(blob)]
            : [Parent(blob), blob];
        return new PublishLocation(builder, candidates.Distinct().ToList());
    }

    /// <summary>The URL of a blob in <paramref name="folder"/>, with the link's SAS.</summary>
    public Uri Blob(string folder, string path)
    {
        _builder.BlobName = folder.Length == 0 ? path : folder + "/" + path;
        return _builder.ToUri();
    }

    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetLeftPart(UriPartial.Path);
    }

    private static string Parent(string blob) => blob.Contains('/', StringComparison.Ordinal) ? blob[..blob.LastIndexOf('/')] : "";
}

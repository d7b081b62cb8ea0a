using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Loops.Publishing;

/// <summary>
/// Checks a published folder over plain HTTP: downloads its provenance.json, checks the HMAC signature, then downloads
/// and re-hashes every listed file. Needs no storage account key: a public link or a SAS link is enough.
/// </summary>
public sealed class PublishVerifier(HttpClient http)
{
    /// <param name="url">A link to the folder; see <see cref="PublishLocation"/> for the accepted forms.</param>
    /// <param name="key">The signing key the publisher used.</param>
    /// <param name="cancellationToken">Stops the downloads.</param>
    /// <exception cref="LoopFunctionsException">The URL is not a Blob Storage URL.</exception>
    public async Task<PublishVerification> VerifyAsync(Uri url, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var location = PublishLocation.Parse(url);
        string? json = null;
        var folder = "";
        var tried = new List<string>();
        foreach (var candidate in location.Candidates)
        {
            var provenanceUrl = location.Blob(candidate, ProvenanceRecord.FileName);
            using var response = await http.GetAsync(provenanceUrl, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                (json, folder) = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), candidate);
                break;
            }

            tried.Add($"{PublishLocation.Redact(provenanceUrl)} (HTTP {(int)response.StatusCode})");
        }

        var recordUrl = PublishLocation.Redact(location.Blob(folder, ProvenanceRecord.FileName));
        if (json is null)
        {
            return new PublishVerification(recordUrl, null, 0, [$"no {ProvenanceRecord.FileName} found at {string.Join(" or ", tried)}"]);
        }

        var problems = new List<string>();
        if (ProvenanceSigner.CheckSignature(json, key) is { } signatureProblem)
        {
            problems.Add(signatureProblem);
        }

        ProvenanceRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<ProvenanceRecord>(json, ProvenanceSigner.JsonOptions);
        }
        catch (JsonException ex)
        {
            problems.Add($"{ProvenanceRecord.FileName} is not a provenance record: {ex.Message}");
            return new PublishVerification(recordUrl, null, 0, problems);
        }

        if (record?.Files is null)
        {
            problems.Add($"{ProvenanceRecord.FileName} lists no files");
            return new PublishVerification(recordUrl, record, 0, problems);
        }

        if (record.Container != location.Container || record.Prefix != folder)
        {
            problems.Add($"{ProvenanceRecord.FileName} describes {record.Container}/{record.Prefix} but was found at {location.Container}/{folder}");
        }

        foreach (var file in record.Files)
        {
            if (await CheckFileAsync(location.Blob(folder, file.Path), file, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return new PublishVerification(recordUrl, record, record.Files.Count, problems);
    }

    private async Task<string?> CheckFileAsync(Uri url, ProvenanceFile file, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return response.StatusCode == HttpStatusCode.NotFound
                ? $"{file.Path}: missing (HTTP 404)"
                : $"{file.Path}: cannot be read (HTTP {(int)response.StatusCode})";
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            return hash == file.Sha256 ? null : $"{file.Path}: SHA-256 is {hash}, provenance says {file.Sha256}";
        }
    }
}

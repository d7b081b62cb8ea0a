namespace LoopFunctions.Loops.Publishing;

/// <summary>
/// <c>{prefix}/provenance.json</c>: what a published folder is, where it came from and how it was verified, signed
/// with HMAC-SHA256 (see <see cref="ProvenanceSigner"/>) so a reader with the key can tell it was not altered.
/// </summary>
/// <param name="Version">The format's version, 1.</param>
/// <param name="Loop">The loop's name.</param>
/// <param name="InstanceId">The run's instance id.</param>
/// <param name="Commit">The commit the folder was published from.</param>
/// <param name="Branch">The loop's branch.</param>
/// <param name="Container">The blob container.</param>
/// <param name="Prefix">The blob folder.</param>
/// <param name="PublishedAt">UTC time of the publish step.</param>
/// <param name="VerificationPassed">Whether the last verification passed.</param>
/// <param name="VerificationSummary">The last verification's summary.</param>
/// <param name="Checks">Each check of the last verification.</param>
/// <param name="InputTokens">Input tokens the run spent.</param>
/// <param name="OutputTokens">Output tokens the run spent.</param>
/// <param name="CostUsd">What the run cost.</param>
/// <param name="Files">Every published file with its SHA-256, ordered by path.</param>
/// <param name="Signature">HMAC-SHA256, lowercase hex, over the canonical JSON of every other field.</param>
public sealed record ProvenanceRecord(
    int Version,
    string Loop,
    string InstanceId,
    string Commit,
    string Branch,
    string Container,
    string Prefix,
    DateTime PublishedAt,
    bool VerificationPassed,
    string VerificationSummary,
    IReadOnlyList<ProvenanceCheck> Checks,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    IReadOnlyList<ProvenanceFile> Files,
    string? Signature = null)
{
    /// <summary>The blob name of the record, beside the files.</summary>
    public const string FileName = "provenance.json";
}

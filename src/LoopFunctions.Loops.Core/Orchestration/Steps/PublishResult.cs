namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>The outcome of the publish step.</summary>
/// <param name="Url">The link to share: <c>{prefix}/index.html</c> when the folder has one; else for a private container
/// the prefix's listing, for a public one <c>{prefix}/provenance.json</c>. Private links carry a read-only SAS.</param>
/// <param name="Container">The blob container.</param>
/// <param name="Prefix">The blob folder the files went to.</param>
/// <param name="Uploaded">Files uploaded because their blob was missing or had another SHA-256.</param>
/// <param name="Unchanged">Files whose blob already had the same SHA-256, so not uploaded again.</param>
/// <param name="Deleted">Blobs under the prefix that are no longer in the folder, removed.</param>
/// <param name="SkippedLinks">Symbolic links in the folder, never followed nor published.</param>
/// <param name="ExpiresAt">When a private link stops working; null for public.</param>
public sealed record PublishResult(string Url, string Container, string Prefix, int Uploaded, int Unchanged, int Deleted, int SkippedLinks, DateTimeOffset? ExpiresAt);

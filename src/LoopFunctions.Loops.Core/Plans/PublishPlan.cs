namespace LoopFunctions.Loops.Plans;

/// <summary>The <c>outputs.publish</c> step: upload a folder of the workspace to Azure Blob Storage after a verified run.</summary>
/// <param name="Folder">The folder to upload, relative to the workspace root (e.g. <c>site/</c>).</param>
/// <param name="Container">The blob container (3-63 lowercase letters, digits and single hyphens).</param>
/// <param name="Visibility">Private (a read-only SAS link) or public (anonymous blob reads).</param>
/// <param name="LinkExpiry">How long a private link stays valid.</param>
/// <param name="Prefix">The blob folder: a template (<c>{loop}</c>, <c>{instance}</c>, <c>{date}</c>) in a
/// definition, rendered in a run's plan.</param>
public sealed record PublishPlan(string Folder, string Container, PublishVisibility Visibility, TimeSpan LinkExpiry, string Prefix)
{
    /// <summary>The default prefix template: one folder per run.</summary>
    public const string DefaultPrefix = "{loop}/{instance}";

    /// <summary>Whether anyone may read the published blobs without a key.</summary>
    public bool IsPublic => Visibility == PublishVisibility.Public;

    /// <summary>Where a private link (its SAS) is handed: <c>run</c> (the run's result, status and history, so the
    /// dashboard and <c>loopfn run</c>) and <c>pull_request</c> (the pull-request comment). Default <c>[run]</c>.
    /// A place not listed gets the link without its signature.</summary>
    public IReadOnlyList<string> Share { get; init; } = ["run"];

    /// <summary>Whether a private link may be handed to <paramref name="place"/>.</summary>
    public bool SharesWith(string place) => IsPublic || Share.Contains(place, StringComparer.Ordinal);
}

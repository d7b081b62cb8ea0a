using LoopFunctions.Loops.Publishing;

namespace LoopFunctions.Cli.Commands;

/// <summary>
/// <c>loopfn verify-publish URL [--key KEY]</c>: checks a published folder against its signed provenance record. The
/// URL may be the provenance.json URL, a file's URL such as <c>.../{prefix}/index.html</c>, the container listing URL
/// publish returns (with <c>prefix=</c>), or a folder URL ending in <c>/</c>; a SAS in it is used for every download.
/// Exit 0 when the signature and every file match, 1 with the list of mismatches otherwise.
/// </summary>
internal static class VerifyPublishCommand
{
    public const string KeySetting = "LOOPFN_PUBLISH_KEY";

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error, HttpClient? http = null)
    {
        var text = line.Positional.Count == 1 ? line.Positional[0] : throw new UsageException("verify-publish needs exactly one URL");
        var key = line.Option("key") ?? Environment.GetEnvironmentVariable(KeySetting);
        line.EnsureAllRead();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"'{text}' is not an http(s) URL");
        }

        if (string.IsNullOrEmpty(key))
        {
            throw new UsageException($"verify-publish needs the signing key: --key KEY or the environment variable {KeySetting}");
        }

        using var owned = http is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(2) } : null;
        var result = await new PublishVerifier(http ?? owned!).VerifyAsync(url, key);
        if (result.Succeeded)
        {
            var record = result.Record!;
            output.WriteLine($"ok: {result.FilesChecked} file(s) match {result.ProvenanceUrl}");
            output.WriteLine($"loop {record.Loop}, instance {record.InstanceId}, commit {record.Commit} on {record.Branch}, published {record.PublishedAt:u}");
            output.WriteLine($"verification: {record.VerificationSummary}");
            return ExitCodes.Success;
        }

        error.WriteLine($"verify-publish: {result.Problems.Count} mismatch(es) for {result.ProvenanceUrl}:");
        foreach (var problem in result.Problems)
        {
            error.WriteLine("  - " + problem);
        }

        return ExitCodes.Error;
    }
}

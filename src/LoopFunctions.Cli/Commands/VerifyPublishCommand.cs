using System.CommandLine;
using LoopFunctions.Loops.Publishing;

namespace LoopFunctions.Cli.Commands;

/// <summary>
/// <c>loopfn verify-publish URL [--key KEY]</c>: checks a published folder against its signed provenance record. The
/// URL may be the provenance.json URL, a file's URL such as <c>.../{prefix}/index.html</c>, the container listing URL
/// publish returns (with <c>prefix=</c>), or a folder URL ending in <c>/</c>; a SAS in it is used for every download.
/// Exit 0 when the signature and every file match, 1 with the list of mismatches otherwise.
/// </summary>
internal sealed class VerifyPublishCommand : Command
{
    public const string KeySetting = "LOOPFN_PUBLISH_KEY";

    private readonly Argument<string> _url = new("url") { Description = "The provenance.json URL, a published file's, the listing URL publish returns, or a folder URL ending in /" };
    private readonly Option<string?> _key = CliOptions.Text("--key", "KEY", $"The signing key (default: {KeySetting})");

    public VerifyPublishCommand()
        : base("verify-publish", "Check a published folder against its signed provenance.json")
    {
        Arguments.Add(_url);
        Options.Add(_key);
        SetAction((parse, _) =>
        {
            var (output, error) = parse.Writers();
            return VerifyAsync(parse.GetValue(_url)!, parse.GetValue(_key) ?? Environment.GetEnvironmentVariable(KeySetting), output, error);
        });
    }

    /// <param name="http">The client to download with (a test's); a new one when null.</param>
    public static async Task<int> VerifyAsync(string text, string? key, TextWriter output, TextWriter error, HttpClient? http = null)
    {
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

using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LoopFunctions.Cli;
using LoopFunctions.DurableTask.Tests.TestSupport;
using LoopFunctions.Loops.Publishing;

namespace LoopFunctions.Cli.Tests;

/// <summary><c>loopfn verify-publish</c> against a folder published on Azurite, read over plain HTTP.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class VerifyPublishCommandTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Key = "cli-test-key";
    private readonly BlobContainerClient _container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("cli-" + Guid.NewGuid().ToString("N")[..12]);

    public async Task InitializeAsync()
    {
        await _container.CreateAsync(PublicAccessType.Blob);
        var files = new Dictionary<string, string> { ["index.html"] = "<h1>ok</h1>", ["app.js"] = "run();" };
        foreach (var (path, content) in files)
        {
            await _container.GetBlobClient("demo/run-9/" + path).UploadAsync(BinaryData.FromString(content));
        }

        var record = new ProvenanceRecord(
            1, "demo", "run-9", "abc123", "loop/demo/run-9", _container.Name, "demo/run-9", new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc),
            true, "all checks passed", [new ProvenanceCheck("tests", true, "2/2")], 10, 5, 0.01m,
            files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new ProvenanceFile(f.Key, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(f.Value))), f.Value.Length)).ToList());
        await _container.GetBlobClient("demo/run-9/provenance.json").UploadAsync(BinaryData.FromString(ProvenanceSigner.SignToJson(record, Key)));
    }

    public Task DisposeAsync() => _container.DeleteIfExistsAsync();

    [Theory]
    [InlineData("demo/run-9/index.html")]
    [InlineData("demo/run-9/provenance.json")]
    [InlineData("demo/run-9/")]
    public async Task VerifyPublish_UntouchedFolder_ExitsZero(string blob)
    {
        var (exit, output, error) = await RunAsync("verify-publish", Url(blob), "--key", Key);

        Assert.True(exit == 0, error);
        Assert.Contains("ok: 2 file(s) match", output, StringComparison.Ordinal);
        Assert.Contains("commit abc123", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPublish_PrivateSasListingLink_ExitsZero()
    {
        var sas = _container.GenerateSasUri(Azure.Storage.Sas.BlobContainerSasPermissions.Read | Azure.Storage.Sas.BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1));

        var (exit, _, error) = await RunAsync("verify-publish", sas.AbsoluteUri + "&restype=container&comp=list&prefix=demo%2Frun-9%2F", "--key", Key);

        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task VerifyPublish_FileChangedAndFileDeleted_ExitsOneListingBoth()
    {
        await _container.GetBlobClient("demo/run-9/app.js").UploadAsync(BinaryData.FromString("steal();"), overwrite: true);
        await _container.GetBlobClient("demo/run-9/index.html").DeleteAsync();

        var (exit, _, error) = await RunAsync("verify-publish", Url("demo/run-9/provenance.json"), "--key", Key);

        Assert.Equal(1, exit);
        Assert.Contains("2 mismatch(es)", error, StringComparison.Ordinal);
        Assert.Contains("- app.js: SHA-256 is ", error, StringComparison.Ordinal);
        Assert.Contains("- index.html: missing (HTTP 404)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPublish_ProvenanceEdited_ExitsOneSignatureMismatch()
    {
        var blob = _container.GetBlobClient("demo/run-9/provenance.json");
        var text = (await blob.DownloadContentAsync()).Value.Content.ToString();
        await blob.UploadAsync(BinaryData.FromString(text.Replace("all checks passed", "all checks passed!", StringComparison.Ordinal)), overwrite: true);

        var (exit, _, error) = await RunAsync("verify-publish", Url("demo/run-9/index.html"), "--key", Key);

        Assert.Equal(1, exit);
        Assert.Contains("signature does not match", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyPublish_NoKey_ExitsTwoNamingTheSetting()
    {
        var saved = Environment.GetEnvironmentVariable("LOOPFN_PUBLISH_KEY");
        Environment.SetEnvironmentVariable("LOOPFN_PUBLISH_KEY", null);
        try
        {
            var (exit, _, error) = await RunAsync("verify-publish", Url("demo/run-9/index.html"));

            Assert.Equal(2, exit);
            Assert.Contains("LOOPFN_PUBLISH_KEY", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LOOPFN_PUBLISH_KEY", saved);
        }
    }

    private string Url(string blob) => _container.GetBlobClient(blob).Uri.AbsoluteUri;

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}

using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using LoopFunctions.DurableTask.Tests.TestSupport;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Publishing;
using LoopFunctions.Loops.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Tests.Publishing;

/// <summary>The publish step against Azurite over real HTTP: links, visibility, incremental uploads and provenance.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PublishActivityTests(AzuriteFixture azurite) : IDisposable
{
    private const string Key = "test-signing-key";
    private static readonly HttpClient Http = new();
    // The run folder; the activity publishes from the checkout the checks ran in, its check/ folder.
    private readonly string _run = Directory.CreateTempSubdirectory("loopfn-publish-").FullName;
    private readonly string _container = "pub-" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose() => Directory.Delete(_run, recursive: true);

    private string _workspace => Path.Combine(_run, "check");

    [Fact]
    public async Task Publish_Private_SasLinkWorksThenStopsAfterExpiry()
    {
        WriteSite();

        var result = await PublishAsync(Plan("private", TimeSpan.FromSeconds(2)));

        using (var page = await Http.GetAsync(new Uri(result.Url)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("<h1>report</h1>", await page.Content.ReadAsStringAsync());
        }

        using (var anonymous = await Http.GetAsync(new Uri(result.Url).GetLeftPart(UriPartial.Path)))
        {
            Assert.False(anonymous.IsSuccessStatusCode);
        }

        Assert.Contains("sig=", result.Url, StringComparison.Ordinal);
        Assert.NotNull(result.ExpiresAt);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            using var response = await Http.GetAsync(new Uri(result.Url));
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                Assert.True(DateTime.UtcNow < deadline, "the private link still worked 30 s after a 2 s expiry");
                await Task.Delay(100);
            }
        }
        while (status == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Publish_Public_BlobsReadableWithoutAnyKey()
    {
        WriteSite();

        var result = await PublishAsync(Plan("public"));

        Assert.Equal($"/devstoreaccount1/{_container}/fix-tests/run-1/index.html", new Uri(result.Url).AbsolutePath);
        Assert.Empty(new Uri(result.Url).Query);
        using var page = await Http.GetAsync(new Uri(result.Url));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        using var css = await Http.GetAsync(new Uri(result.Url.Replace("index.html", "css/site.css", StringComparison.Ordinal)));
        Assert.Equal(("text/css", "body{}"), (css.Content.Headers.ContentType!.MediaType, await css.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Publish_PrivateWithoutIndexHtml_ReturnsTheSignedPrefixListing()
    {
        Write("site/report.txt", "plain");

        var result = await PublishAsync(Plan("private"));

        Assert.Contains("restype=container&comp=list&prefix=fix-tests%2Frun-1%2F", result.Url, StringComparison.Ordinal);
        var listing = await Http.GetStringAsync(new Uri(result.Url));
        Assert.Contains("fix-tests/run-1/report.txt", listing, StringComparison.Ordinal);
        Assert.True((await new PublishVerifier(Http).VerifyAsync(new Uri(result.Url), Key)).Succeeded);
    }

    [Fact]
    public async Task Publish_PublicWithoutIndexHtml_ReturnsTheProvenanceRecordReadableWithoutKey()
    {
        Write("site/report.txt", "plain");

        var result = await PublishAsync(Plan("public"));

        Assert.EndsWith("/fix-tests/run-1/provenance.json", result.Url, StringComparison.Ordinal);
        var record = await Http.GetStringAsync(new Uri(result.Url));
        Assert.Contains("\"path\": \"report.txt\"", record, StringComparison.Ordinal);
        Assert.True((await new PublishVerifier(Http).VerifyAsync(new Uri(result.Url), Key)).Succeeded);
    }

    [Fact]
    public async Task Publish_AgainWithOneChangedFile_UploadsOnlyThatFile()
    {
        WriteSite();
        var first = await PublishAsync(Plan("private"));
        Write("site/css/site.css", "body{color:red}");
        File.Delete(Path.Combine(_workspace, "site", "data.json"));

        var second = await PublishAsync(Plan("private"));

        Assert.Equal((3, 0, 0), (first.Uploaded, first.Unchanged, first.Deleted));
        Assert.Equal((1, 1, 1), (second.Uploaded, second.Unchanged, second.Deleted));
        var verification = await new PublishVerifier(Http).VerifyAsync(new Uri(second.Url), Key);
        Assert.True(verification.Succeeded, string.Join("\n", verification.Problems));
        Assert.Equal(["css/site.css", "index.html"], verification.Record!.Files.Select(f => f.Path));
    }

    [Fact]
    public async Task Verify_UntouchedFolder_SignatureAndEveryFileMatch()
    {
        WriteSite();
        var result = await PublishAsync(Plan("private"));

        var verification = await new PublishVerifier(Http).VerifyAsync(new Uri(result.Url), Key);

        Assert.True(verification.Succeeded, string.Join("\n", verification.Problems));
        Assert.Equal(3, verification.FilesChecked);
        var record = verification.Record!;
        Assert.Equal(("fix-tests", "run-1", "c0ffee", "loop/fix-tests/1"), (record.Loop, record.InstanceId, record.Commit, record.Branch));
        Assert.Equal(("all checks passed", 150L, 0.25m), (record.VerificationSummary, record.InputTokens + record.OutputTokens, record.CostUsd));
        Assert.Equal("tests", Assert.Single(record.Checks).Name);
        Assert.DoesNotContain("sig=", verification.ProvenanceUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_FileTampered_ReportsTheFile()
    {
        WriteSite();
        var result = await PublishAsync(Plan("public"));
        await Container().GetBlobClient("fix-tests/run-1/css/site.css").UploadAsync(new BinaryData("body{display:none}"), overwrite: true);

        var verification = await new PublishVerifier(Http).VerifyAsync(new Uri(result.Url), Key);

        var problem = Assert.Single(verification.Problems);
        Assert.StartsWith("css/site.css: SHA-256 is ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ProvenanceTamperedOrWrongKey_SignatureDoesNotMatch()
    {
        WriteSite();
        var result = await PublishAsync(Plan("public"));
        var blob = Container().GetBlobClient("fix-tests/run-1/provenance.json");
        var text = (await blob.DownloadContentAsync()).Value.Content.ToString();
        await blob.UploadAsync(new BinaryData(text.Replace("\"c0ffee\"", "\"deadbeef\"", StringComparison.Ordinal)), overwrite: true);

        var tampered = await new PublishVerifier(Http).VerifyAsync(new Uri(result.Url), Key);
        await blob.UploadAsync(new BinaryData(text), overwrite: true);
        var wrongKey = await new PublishVerifier(Http).VerifyAsync(new Uri(result.Url), "another-key");

        Assert.Contains(tampered.Problems, p => p.Contains("signature does not match", StringComparison.Ordinal));
        Assert.Contains(wrongKey.Problems, p => p.Contains("signature does not match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_PrivateIntoAPublicContainer_RefusedBeforeUploading()
    {
        WriteSite();
        await Container().CreateAsync(Azure.Storage.Blobs.Models.PublicAccessType.Blob);

        var ex = await Assert.ThrowsAsync<LoopFunctionsException>(() => PublishAsync(Plan("private")));

        Assert.Contains("allows anonymous reads", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "PublishConnectionString")]
    [InlineData(false, "PublishSigningKey")]
    public async Task Publish_SettingMissing_FailsNamingIt(bool missingConnection, string setting)
    {
        WriteSite();
        var options = new LoopRunnerOptions { PublishConnectionString = missingConnection ? null : azurite.ConnectionString, PublishSigningKey = missingConnection ? Key : null };

        var ex = await Assert.ThrowsAsync<LoopFunctionsException>(() => new PublishActivity(TestActivity.Lifetime, Options.Create(options)).RunAsync(Context(), Input(Plan("private"))));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_LinksInTheFolder_SkippedAndNeverFollowed()
    {
        WriteSite();
        var secret = Path.Combine(_workspace, "secret.txt");
        File.WriteAllText(secret, "do not publish");
        File.CreateSymbolicLink(Path.Combine(_workspace, "site", "leak.txt"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_workspace, "site", "up"), _workspace);

        var folder = await PublishFolder.ScanAsync(_workspace, "site", CancellationToken.None);

        Assert.Equal(2, folder.SkippedLinks);
        Assert.Equal(["css/site.css", "data.json", "index.html"], folder.Files.Select(f => f.File.Path));
    }

    private Task<PublishResult> PublishAsync(PublishPlan plan) =>
        new PublishActivity(TestActivity.Lifetime, Options.Create(new LoopRunnerOptions { PublishConnectionString = azurite.ConnectionString, PublishSigningKey = Key })).RunAsync(Context(), Input(plan));

    private PublishPlan Plan(string visibility, TimeSpan? expiry = null) => new("site", _container, EnumText.Parse<PublishVisibility>(visibility)!.Value, expiry ?? TimeSpan.FromDays(7), "fix-tests/run-1");

    private PublishInput Input(PublishPlan plan) => new(
        new WorkspaceInfo(_run, "base0", "loop/fix-tests/1"),
        "c0ffee",
        plan,
        "fix-tests",
        "run-1",
        new VerificationOutcome(true, "all checks passed", "", 0, [new CheckOutcome("tests", true, "3/3 passed", 3, [], [])]),
        new TokenSpend(100, 50, 0.25m),
        new DateTime(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc));

    private static Microsoft.DurableTask.TaskActivityContext Context() => TestActivity.Context(LoopActivityNames.Publish);

    private BlobContainerClient Container() => new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_container);

    private void WriteSite()
    {
        Write("site/index.html", "<h1>report</h1>");
        Write("site/css/site.css", "body{}");
        Write("site/data.json", "{\"ok\":true}");
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_workspace, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
    }
}

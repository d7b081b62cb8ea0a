using LoopFunctions.Cli;
using LoopFunctions.DurableTask.Tests.TestSupport;
using LoopFunctions.Host.Tests.TestSupport;
using Microsoft.Playwright;

namespace LoopFunctions.Host.Tests.Dashboard;

/// <summary>A served loop that publishes to Blob Storage (Azurite): the link is in its result, opens the published
/// page, verifies against its signed provenance, and shows on the dashboard (headless Chromium).</summary>
public sealed class PublishedLinkTests : IAsyncLifetime
{
    private const string SigningKey = "provenance-signing-key-0123";
    private readonly AzuriteFixture _azurite = new();
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _sandbox = await HostSandbox.CreateAsync();
        await File.AppendAllTextAsync(_sandbox.AgentScript, "mkdir -p site && echo '<h1>calc report</h1>' > site/index.html\n");
        _sandbox.WriteLoop("report", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript, """
            outputs:
              publish:
                folder: site/
                container: reports
                visibility: private
            """));
        await _sandbox.StartHostAsync(new Dictionary<string, string?>
        {
            ["LoopFunctions:Publish:Connection"] = _azurite.ConnectionString,
            ["LoopFunctions:Publish:SigningKey"] = SigningKey,
        });
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Publish_ServedLoop_LinkOpensVerifiesAndShowsOnTheDashboard()
    {
        var id = (await _sandbox.StartLoopAsync("report", "report-1"))["id"]!.ToString();
        var done = await _sandbox.WaitForEndAsync(id);
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        var url = done["output"]!["publishedUrl"]!.ToString();

        using (var http = new HttpClient())
        {
            var page = await http.GetStringAsync(url);
            Assert.Contains("calc report", page, StringComparison.Ordinal);
        }

        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            Assert.Equal(ExitCodes.Success, await CliApp.RunAsync(["verify-publish", url, "--key", SigningKey], output, error));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var browserPage = await browser.NewPageAsync();
        await browserPage.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, $"/dashboard#/instance/{id}").ToString());
        await Assertions.Expect(browserPage.Locator("#published a")).ToHaveAttributeAsync("href", url);
    }
}

using LoopFunctions.Host.Tests.TestSupport;
using Microsoft.Playwright;

namespace LoopFunctions.Host.Tests.Dashboard;

/// <summary>The dashboard in headless Debian Chromium, driven by Playwright, against a real host and real loops.
/// Screenshots of each page are kept under .artifacts/screenshots.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private const string Key = "dashboard-key-0123456789";
    private HostSandbox _sandbox = null!;
    private HeadlessBrowser _browser = null!;

    public async Task InitializeAsync() => (_sandbox, _browser) = await DashboardSite.StartAsync(Key);

    public Task DisposeAsync() => DashboardSite.StopAsync(_sandbox, _browser);

    [Fact]
    public async Task Dashboard_ListInstancePageAndApproveClick_ResumeTheWaitingLoop()
    {
        var finished = (await _sandbox.StartLoopAsync("quick", "dash-quick"))["id"]!.ToString();
        var waiting = (await _sandbox.StartLoopAsync("gated", "dash-gated"))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(finished);
        await _sandbox.WaitForPhaseAsync(waiting, "AwaitingApproval");

        var errors = new List<string>();
        var page = await _browser.NewPageAsync(errors);

        // The list: both loops, with their status, filterable by text.
        await page.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, $"/dashboard?code={Key}").ToString());
        await Assertions.Expect(page.Locator("tr[data-instance='dash-quick'] td.status")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.Locator("tr[data-instance='dash-gated'] td.status")).ToHaveTextAsync("Running");
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-list");
        await page.FillAsync("#f-text", "gated");
        await Assertions.Expect(page.Locator("tr[data-instance]")).ToHaveCountAsync(1);
        await page.FillAsync("#f-text", "");

        // The finished loop's page: its iteration timeline with the agent summary, the check and the commit.
        await page.ClickAsync("a[href='#/instance/dash-quick']");
        await Assertions.Expect(page.Locator("#instance-status")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.Locator("#timeline > li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#timeline > li").First).ToContainTextAsync("fixed add");
        await Assertions.Expect(page.Locator("#timeline > li").First).ToContainTextAsync("tests: passed");
        await Assertions.Expect(page.Locator("#timeline > li").First).ToContainTextAsync("1500 tokens");
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-instance");

        // The waiting loop: an approve click resumes it to a verified, pushed end.
        await page.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, $"/dashboard?code={Key}#/instance/dash-gated").ToString());
        await Assertions.Expect(page.Locator("#instance-phase")).ToHaveTextAsync("AwaitingApproval");
        await page.FillAsync("#approval-comment", "looks good");
        await page.ClickAsync("#approve");
        await Assertions.Expect(page.Locator("#instance-status")).ToHaveTextAsync("Completed", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#instance-output")).ToContainTextAsync("Verified");
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-approved");

        // The spend page: a row per loop and the charts.
        await page.ClickAsync("#nav-spend");
        await Assertions.Expect(page.Locator("#spend-table tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("figure svg")).ToHaveCountAsync(2);
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-spend");

        Assert.Empty(errors);
        var done = await _sandbox.WaitForEndAsync(waiting);
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
    }

    [Fact]
    public async Task Dashboard_WithoutKey_ShowsNothing()
    {
        var page = await _browser.Browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, "/dashboard").ToString());
        Assert.Equal(401, response!.Status);
    }
}

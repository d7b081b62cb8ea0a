using LoopFunctions.Host.Tests.TestSupport;
using Microsoft.Playwright;

namespace LoopFunctions.Host.Tests.Dashboard;

/// <summary>A run that fails for an infrastructure reason, seen and rewound on the dashboard (headless Chromium, a
/// real host and a real loop): the list shows each run's loop outcome and filters by it, the Failed run's page says
/// which step failed, how often and why, and its Rewind button carries the run to its end.</summary>
public sealed class FailedRunDashboardTests : IAsyncLifetime
{
    private const string Key = "dashboard-key-0123456789";
    private HostSandbox _sandbox = null!;
    private HeadlessBrowser _browser = null!;

    public async Task InitializeAsync() => (_sandbox, _browser) = await DashboardSite.StartAsync(Key);

    public Task DisposeAsync() => DashboardSite.StopAsync(_sandbox, _browser);

    [Fact]
    public async Task Dashboard_FailedRun_ListsOutcomeShowsTheFailedStepAndRewindsToVerified()
    {
        // The setup fails on its first three calls: every attempt of PrepareWorkspace, so the run ends Failed.
        _sandbox.WriteFlakyLoop("flaky", "1 2 3");
        var failed = (await _sandbox.StartLoopAsync("flaky", "dash-flaky"))["id"]!.ToString();
        var verified = (await _sandbox.StartLoopAsync("quick", "dash-quick"))["id"]!.ToString();
        Assert.Equal("Failed", (await _sandbox.WaitForEndAsync(failed))["runtimeStatus"]!.ToString());
        await _sandbox.WaitForEndAsync(verified);

        var errors = new List<string>();
        var page = await _browser.NewPageAsync(errors);
        await page.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, $"/dashboard?code={Key}").ToString());
        await Assertions.Expect(page.Locator("tr[data-instance='dash-flaky'] td.outcome")).ToHaveTextAsync("Failed");
        await Assertions.Expect(page.Locator("tr[data-instance='dash-quick'] td.outcome")).ToHaveTextAsync("Verified");
        await page.SelectOptionAsync("#f-outcome", "Failed");
        await Assertions.Expect(page.Locator("tr[data-instance]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tr[data-instance='dash-flaky']")).ToHaveCountAsync(1);
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-outcomes");

        // The Failed run's page: the error as text, the step that failed and its three attempts; Rewind is offered.
        await page.ClickAsync("a[href='#/instance/dash-flaky']");
        await Assertions.Expect(page.Locator("#failure-message")).ToContainTextAsync("call 3 fails");
        await Assertions.Expect(page.Locator("#failure-step")).ToContainTextAsync("PrepareWorkspace");
        await Assertions.Expect(page.Locator("#failure-step")).ToContainTextAsync("3 attempts");
        await Assertions.Expect(page.Locator("#rewind")).ToBeEnabledAsync();
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-failed");

        await page.ClickAsync("#rewind");
        await Assertions.Expect(page.Locator("#instance-status")).ToHaveTextAsync("Completed", new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#failure")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#rewind")).ToBeDisabledAsync();
        Assert.Empty(errors);
        Assert.Equal("Verified", (await _sandbox.GetStatusAsync(failed)).Body!["output"]!["outcome"]!.ToString());
    }

    [Fact]
    public async Task Failure_RunThatDidNotFail_AnswersNull()
    {
        var id = (await _sandbox.StartLoopAsync("quick", "no-failure"))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(id);

        using var response = await _sandbox.Http.GetAsync($"/api/dashboard/instances/{id}/failure");
        response.EnsureSuccessStatusCode();
        Assert.Equal("null", await response.Content.ReadAsStringAsync());
        using var unknown = await _sandbox.Http.GetAsync("/api/dashboard/instances/nope/failure");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using Microsoft.Playwright;

namespace LoopFunctions.Host.Tests.Budgets;

/// <summary><c>/api/dashboard/budgets</c> and the Budgets page over real HTTP on 127.0.0.1 and headless Chromium, with
/// state written by the real BudgetPool entity.</summary>
public sealed class BudgetsDashboardTests : IAsyncLifetime
{
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await PoolSite.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Budgets_PoolWithSpendAndDeclaredIdlePool_BothListedWithCapSpentReservedLeft()
    {
        await PoolSite.SpendAsync(_sandbox);

        var body = JsonNode.Parse(await _sandbox.Http.GetStringAsync("/api/dashboard/budgets"))!;
        var pools = body["pools"]!.AsArray();
        Assert.Equal(["idle", "team-a"], pools.Select(p => p!["pool"]!.ToString()));

        var team = pools[1]!;
        Assert.True(team["declared"]!.GetValue<bool>());
        Assert.True(team["hasState"]!.GetValue<bool>());
        Assert.Equal("day", team["period"]!.ToString());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), team["periodKey"]!.ToString());
        Assert.Equal(10m, team["maxCostUsd"]!.GetValue<decimal>());
        Assert.Equal(0.75m, team["spentUsd"]!.GetValue<decimal>());
        Assert.Equal(1000, team["spentTokens"]!.GetValue<long>());
        Assert.Equal(0.50m, team["reservedUsd"]!.GetValue<decimal>());
        Assert.Equal(1, team["reservations"]!.GetValue<int>());
        Assert.Equal(8.75m, team["leftUsd"]!.GetValue<decimal>());
        Assert.Equal("fix", team["loops"]![0]!["loop"]!.ToString());
        Assert.Equal(0.75m, team["burn"]!.AsArray().Sum(b => b!["usd"]!.GetValue<decimal>()));

        var idle = pools[0]!;
        Assert.False(idle["hasState"]!.GetValue<bool>());
        Assert.Equal(5000, idle["maxTokens"]!.GetValue<long>());
        Assert.Equal(5000, idle["leftTokens"]!.GetValue<long>());
        Assert.Empty(idle["loops"]!.AsArray());
    }

    [Fact]
    public async Task BudgetsPool_UnknownPoolOrNoKey_404And401()
    {
        using var unknown = await _sandbox.Http.GetAsync("/api/dashboard/budgets/nobody");
        using var anonymous = new HttpClient { BaseAddress = _sandbox.Http.BaseAddress };
        using var noKey = await anonymous.GetAsync("/api/dashboard/budgets");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no budget pool 'nobody'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task BudgetsPage_InChromium_ShowsThePoolsTheBurnChartAndTheLoops()
    {
        await PoolSite.SpendAsync(_sandbox);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var errors = new List<string>();
        var page = await browser.NewPageAsync(errors);

        await page.GotoAsync(new Uri(_sandbox.Http.BaseAddress!, $"/dashboard?code={PoolSite.Key}").ToString());
        await page.ClickAsync("#nav-budgets");

        await Assertions.Expect(page.Locator("#budgets-table tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("tr[data-pool='team-a'] td.cap")).ToHaveTextAsync("$10.00");
        await Assertions.Expect(page.Locator("tr[data-pool='team-a'] td.spent")).ToHaveTextAsync("$0.75 + 1,000 tok");
        await Assertions.Expect(page.Locator("tr[data-pool='team-a'] td.reserved")).ToHaveTextAsync("$0.50 + 1,000 tok (1)");
        await Assertions.Expect(page.Locator("tr[data-pool='team-a'] td.left")).ToHaveTextAsync("$8.75");
        await Assertions.Expect(page.Locator("tr[data-pool='idle'] td.cap")).ToHaveTextAsync("5,000 tok");
        await Assertions.Expect(page.Locator("figure.burn[data-pool='team-a'] svg polyline.burn")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("figure.burn[data-pool='team-a'] svg line.cap")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("table.pool-loops[data-pool='team-a'] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("table.pool-loops[data-pool='team-a'] tr[data-loop='fix']")).ToContainTextAsync("$0.75");
        await HeadlessBrowser.ScreenshotAsync(page, "dashboard-budgets");

        // No secret reaches the page: the key is only in the URL the test typed.
        Assert.DoesNotContain(PoolSite.Key, await page.Locator("#view").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using LoopFunctions.Loops.Budget;

namespace LoopFunctions.Host.Tests.Budgets;

/// <summary>The Durable Functions entity routes (<c>/runtime/webhooks/durabletask/entities/...</c>) over real HTTP on
/// 127.0.0.1, on pools written by the real BudgetPool entity.</summary>
public sealed class EntityRoutesTests : IAsyncLifetime
{
    private const string Api = "/runtime/webhooks/durabletask/entities";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await PoolSite.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task GetEntity_PoolWithStateOrMissing_200WithTheStateOr404()
    {
        await PoolSite.SpendAsync(_sandbox);

        using var found = await _sandbox.Http.GetAsync($"{Api}/budgetpool/team-a");
        using var missing = await _sandbox.Http.GetAsync($"{Api}/budgetpool/nobody");
        using var anonymous = new HttpClient { BaseAddress = _sandbox.Http.BaseAddress };
        using var noKey = await anonymous.GetAsync($"{Api}/budgetpool/team-a");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var state = JsonNode.Parse(await found.Content.ReadAsStringAsync())!;
        Assert.Equal(0.75m, state["spentUsd"]!.GetValue<decimal>());
        Assert.NotNull(state["reservations"]!["run-2/1/1"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task QueryEntities_ThreePoolsTopTwo_PagesWithTheContinuationHeader()
    {
        var client = PoolSite.Client(_sandbox);
        foreach (var pool in new[] { "p1", "p2", "p3" })
        {
            await client.Entities.SignalEntityAsync(PoolEntity.Id(pool), PoolEntity.Reset);
        }

        await PoolSite.SpendAsync(_sandbox);
        var ids = new List<string>();
        string? continuation = null;
        var pages = 0;
        using var deadline = new CancellationTokenSource(HostSandbox.Deadline);
        while (ids.Count < 4)
        {
            // The resets are signals: poll until all four pools exist, paging two at a time.
            ids.Clear();
            continuation = null;
            pages = 0;
            do
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{Api}/budgetpool?top=2&fetchState=true");
                if (continuation is not null)
                {
                    request.Headers.Add("x-ms-continuation-token", continuation);
                }

                using var response = await _sandbox.Http.SendAsync(request, deadline.Token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var rows = (await response.Content.ReadFromJsonAsync<JsonArray>(deadline.Token))!;
                Assert.True(rows.Count <= 2);
                foreach (var row in rows)
                {
                    Assert.Equal("budgetpool", row!["entityId"]!["name"]!.ToString());
                    Assert.NotNull(row["lastOperationTime"]);
                    Assert.NotNull(row["state"]);
                    ids.Add(row["entityId"]!["key"]!.ToString());
                }

                continuation = response.Headers.TryGetValues("x-ms-continuation-token", out var next) ? next.Single() : null;
                pages++;
            }
            while (continuation is not null);

            if (ids.Count < 4)
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        Assert.Equal(["p1", "p2", "p3", "team-a"], ids.Order());
        Assert.True(pages >= 2, $"{pages} page(s)");

        using var future = await _sandbox.Http.GetAsync($"{Api}/?lastOperationTimeFrom={Uri.EscapeDataString(DateTime.UtcNow.AddHours(1).ToString("o"))}");
        Assert.Empty((await future.Content.ReadFromJsonAsync<JsonArray>())!);
        using var noState = await _sandbox.Http.GetAsync($"{Api}/budgetpool");
        Assert.All((await noState.Content.ReadFromJsonAsync<JsonArray>())!, r => Assert.Null(r!["state"]));
    }

    [Fact]
    public async Task SignalEntity_ReleaseOfAPool_202AndTheHoldIsFreed()
    {
        await PoolSite.SpendAsync(_sandbox);

        using var release = await _sandbox.Http.PostAsJsonAsync($"{Api}/budgetpool/team-a?op=release", new { ids = new[] { "run-2/1/1" } });

        Assert.Equal(HttpStatusCode.Accepted, release.StatusCode);
        var pool = await PoolSite.WaitForPoolAsync(_sandbox, "team-a", p => p["reservations"]!.GetValue<int>() == 0);
        Assert.Equal(0m, pool["reservedUsd"]!.GetValue<decimal>());
        Assert.Equal(0.75m, pool["spentUsd"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("budgetpool/team-a?op=reserve", HttpStatusCode.Forbidden, "only budgetpool: reset, release")]
    [InlineData("budgetpool/team-a?op=settle", HttpStatusCode.Forbidden, "does not let callers signal 'settle'")]
    [InlineData("counter/x?op=add", HttpStatusCode.Forbidden, "to entity 'counter'")]
    [InlineData("budgetpool/team-a", HttpStatusCode.BadRequest, "?op=")]
    [InlineData("budgetpool/team-a?op=release", HttpStatusCode.BadRequest, "release takes")]
    public async Task SignalEntity_OperationNotAllowedOrIncomplete_RefusedWithAClearMessage(string path, HttpStatusCode expected, string message)
    {
        using var response = await _sandbox.Http.PostAsJsonAsync($"{Api}/{path}", new { });

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Pricing;

/// <summary>The host's <c>LoopFunctions:Prices</c>: a bad value stops the host with the key's name; a loop whose cost
/// limit names a model without a price is refused by the starter, and runs once the host's settings price it, priced
/// by them.</summary>
public sealed class HostPricesTests : IAsyncLifetime
{
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        await File.WriteAllTextAsync(_sandbox.AgentScript, "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$1\"\n" + LoopFiles.FixAgent + "\n");
        _sandbox.WriteLoop("local", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript, "  max_cost_usd: 1", "model: my-local-model"));
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("input", "cheap", "LoopFunctions:Prices:my-local-model:input: 'cheap' is not a price")]
    [InlineData("output", "-2", "LoopFunctions:Prices:my-local-model:output: '-2' is not a price")]
    public void Build_BadPriceSetting_IsRefusedNamingTheKey(string key, string value, string expected)
    {
        var settings = new LoopHostSettings { ContentRoot = _sandbox.Root, Urls = ["http://127.0.0.1:0"] };
        settings.Configuration["LoopFunctions:Prices:my-local-model:input"] = "1";
        settings.Configuration["LoopFunctions:Prices:my-local-model:output"] = "2";
        settings.Configuration[$"LoopFunctions:Prices:my-local-model:{key}"] = value;

        var error = Assert.Throws<HostConfigurationException>(() => LoopHost.Build(settings));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CostLimitOverAModelWithoutAPrice_400NamingTheModel()
    {
        await _sandbox.StartHostAsync();

        using var response = await _sandbox.Http.PostAsJsonAsync("/api/loops/local", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("model 'my-local-model' (agent.model) has no price", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PriceFromTheHostsSettings_RunsPricedByIt()
    {
        await _sandbox.StartHostAsync(new Dictionary<string, string?>
        {
            ["LoopFunctions:Prices:my-local-model:input"] = "10",
            ["LoopFunctions:Prices:my-local-model:output"] = "20",
        });

        var started = await _sandbox.StartLoopAsync("local", "priced-1");
        var ended = await _sandbox.WaitForEndAsync("priced-1");

        Assert.Equal("priced-1", started["id"]!.GetValue<string>());
        var spent = ended["output"]!["spent"]!;
        Assert.Equal(((1200 * 10m) + (300 * 20m)) / 1_000_000m, spent["costUsd"]!.GetValue<decimal>());
        Assert.False(spent["unpriced"]!.GetValue<bool>());
    }
}

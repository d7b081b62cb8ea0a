using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Http;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Triggers.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LoopFunctions.Triggers.Tests.Catalog;

/// <summary>A host's loops folder read with the host's prices: a loop whose cost limit names a model without a price is
/// invalid there, so the starter refuses it and starts nothing.</summary>
public sealed class LoopFolderPricesTests : IDisposable
{
    private readonly LoopFolderFixture _loops = new();
    private readonly FakeClient _client = new();

    public void Dispose() => _loops.Dispose();

    [Fact]
    public async Task StartAsync_CostLimitOverAModelWithoutAPrice_400NamingTheModelAndNothingStarted()
    {
        _loops.Write("local", "on: manual", "limits:\n  max_cost_usd: 1\n");
        File.WriteAllText(Path.Combine(_loops.Folder, "local.md"), File.ReadAllText(Path.Combine(_loops.Folder, "local.md")).Replace("command: [echo]", "command: [echo]\n  model: my-local-model", StringComparison.Ordinal));

        var result = await Starter(new PriceTable()).StartAsync("local", null, null, default, default);

        Assert.Equal(400, result.Error!.StatusCode);
        Assert.Contains("model 'my-local-model' (agent.model) has no price", ((ErrorBody)result.Error.Body).Error, StringComparison.Ordinal);
        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task StartAsync_TheHostPricesTheModel_Started()
    {
        _loops.Write("local", "on: manual", "limits:\n  max_cost_usd: 1\n");
        File.WriteAllText(Path.Combine(_loops.Folder, "local.md"), File.ReadAllText(Path.Combine(_loops.Folder, "local.md")).Replace("command: [echo]", "command: [echo]\n  model: my-local-model", StringComparison.Ordinal));
        var prices = new PriceTable(new Dictionary<string, ModelPrice> { ["my-local-model"] = new(1m, 2m) });

        var result = await Starter(prices).StartAsync("local", null, null, default, default);

        Assert.Null(result.Error);
        Assert.Single(_client.Starts);
    }

    private HttpLoopStarter Starter(PriceTable prices) =>
        new(new LoopFolder(_loops.Folder, NullLogger<LoopFolder>.Instance, prices), new LoopLauncher(_client.Object, new FakeTimeProvider(), NullLogger<LoopLauncher>.Instance));
}

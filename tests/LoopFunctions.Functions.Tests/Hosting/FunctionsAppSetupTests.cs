using System.Text;
using LoopFunctions.Functions.Hosting;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Planning;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Functions.Tests.Hosting;

public sealed class FunctionsAppSetupTests : IDisposable
{
    private readonly TempLoops _loops = new();

    public void Dispose() => _loops.Dispose();

    [Fact]
    public async Task AddLoopFunctionsApp_WorkerSerializer_WritesPayloadsAsTheSelfHostedEngineDoes()
    {
        using var harness = new FunctionsHarness(_loops.Folder);
        var serializer = harness.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;
        var status = new LoopStatus("ship", 2, LoopPhase.AwaitingApproval, null, TokenSpend.Zero, new BudgetLeft(3, null, null, null), "loop/ship/1");

        using var stream = new MemoryStream();
        await serializer.SerializeAsync(stream, status, typeof(LoopStatus), default);
        var json = Encoding.UTF8.GetString(stream.ToArray());

        Assert.StartsWith("{\"loop\":\"ship\",\"iteration\":2,\"phase\":\"AwaitingApproval\"", json, StringComparison.Ordinal);
        var read = (LoopStatus)(await serializer.DeserializeAsync(new MemoryStream("{\"LOOP\":\"ship\",\"Iteration\":2,\"PHASE\":\"Verify\"}"u8.ToArray()), typeof(LoopStatus), default))!;
        Assert.Equal(("ship", 2, LoopPhase.Verify), (read.Loop, read.Iteration, read.Phase));
    }

    [Fact]
    public void AddLoopFunctionsApp_RunnerSettings_TheKeysEveryHostReads()
    {
        var root = _loops.Folder;
        var values = new Dictionary<string, string?>
        {
            ["LoopFunctions:WorkRoot"] = "clones",
            ["LoopFunctions:Publish:SigningKey"] = "signing-key",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["GITHUB_TOKEN"] = "token-from-actions",
            ["LoopFunctions:GitHub:ApiUrl"] = "https://github.example.com/api/v3",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddLoopFunctionsApp(configuration, root).BuildServiceProvider();

        var app = provider.GetRequiredService<IOptions<LoopRunnerOptions>>().Value;
        var shared = LoopRunnerConfiguration.Read(configuration, root);

        Assert.Equal((Path.Combine(root, "clones"), "signing-key", "UseDevelopmentStorage=true", "token-from-actions"), (app.WorkRoot, app.PublishSigningKey, app.PublishConnectionString, app.GitHubToken));
        Assert.Equal(
            (shared.WorkRoot, shared.LoopsFolder, shared.PublishConnectionString, shared.PublishSigningKey, shared.GitHubToken, shared.GitHubApiUrl),
            (app.WorkRoot, app.LoopsFolder, app.PublishConnectionString, app.PublishSigningKey, app.GitHubToken, app.GitHubApiUrl));
    }

    [Fact]
    public void AddLoopFunctionsApp_Preflight_RunnerPreflightAsOnLoopfnServe()
    {
        // The app runs the steps itself, so its starter checks this machine as loopfn serve's does.
        using var harness = new FunctionsHarness(_loops.Folder);

        Assert.IsType<RunnerPreflight>(harness.Services.GetRequiredService<ILoopPreflight>());
    }
}

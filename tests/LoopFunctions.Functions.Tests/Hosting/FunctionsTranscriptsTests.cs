using Azure.Storage.Blobs;
using LoopFunctions.DurableTask.Tests.TestSupport;
using LoopFunctions.Functions.Activities;
using LoopFunctions.Functions.Hosting;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops.Agents.Transcripts;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Workspace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Functions.Tests.Hosting;

/// <summary>The Functions app keeps agent transcripts in its task hub's storage account (Azurite over real HTTP):
/// a real agent step run through the app's activity function writes its transcript to <c>&lt;hub&gt;-transcripts</c>,
/// not to the worker's disk.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionsTranscriptsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("loopfn-fn-transcripts-").FullName;
    private readonly TempLoops _loops = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _loops.Dispose();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RunAgent_OnTheFunctionsApp_TranscriptLandsInTheHubsBlobContainer()
    {
        // The app's host.json names the hub (LoopFunctions); the harness's app reads it from its output folder.
        using var harness = new FunctionsHarness(_loops.Folder, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["LoopFunctions:WorkRoot"] = Path.Combine(_root, "work"),
        });
        Assert.IsType<BlobTranscriptStore>(harness.Services.GetRequiredService<ITranscriptStore>());
        var repository = await RepositoryAsync();
        var instanceId = "fn-transcript-" + Guid.NewGuid().ToString("N")[..8];
        var workspace = await LoopActivityFunctions.PrepareWorkspaceAsync(new PrepareWorkspaceInput(new WorkspacePlan(repository, "main", "loop/fn/1", Path.Combine(_root, "work"), null), instanceId, "fn"), instanceId, harness.Context.Object);
        var script = Path.Combine(_root, "agent.sh");
        await File.WriteAllTextAsync(script, "#!/usr/bin/env bash\ncd \"$1\"\necho 'fixed it' > app.txt\necho 'agent says hello from the worker'\necho '{\"summary\": \"wrote app.txt\"}'\n");
        var agent = new AgentPlan("command", ["bash", script, "{workspace}", "{prompt_file}"], "scripted", null, false, null, null, 1000, 10, TimeSpan.FromMinutes(1), [], 0m, 0m) { Sandbox = LoopFunctions.Loops.Plans.SandboxMode.None };

        var result = await LoopActivityFunctions.RunAgentAsync(new AgentStepInput(workspace, workspace.BaseCommit, "Write app.txt.", null, 1, agent, null), instanceId, new Moq.Mock<Microsoft.DurableTask.Client.DurableTaskClient>(Moq.MockBehavior.Strict, "test").Object, harness.Context.Object);

        Assert.True(result.Succeeded, result.Error);
        var container = new BlobContainerClient(azurite.ConnectionString, "loopfunctions-transcripts");
        var blob = container.GetBlobClient($"{InstanceKey.For(instanceId)}/1.jsonl");
        var text = (await blob.DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("agent says hello from the worker", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "transcripts")), "a transcript was written beside the work root");
    }

    [Fact]
    public void Container_HubAndConnectionAsTheDurableExtensionReadsThem_NamesTheHubsContainer()
    {
        File.WriteAllText(Path.Combine(_root, "host.json"), """
            { "version": "2.0", "extensions": { "durableTask": { "hubName": "%HUB_SETTING%",
              "storageProvider": { "connectionName": "HubStorage" } } } }
            """);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HUB_SETTING"] = "NightlyHub",
            ["HubStorage"] = azurite.ConnectionString,
        }).Build();

        var container = FunctionsTranscripts.Container(configuration, _root)!;

        Assert.Equal("nightlyhub-transcripts", container.Name);
        Assert.Equal(new BlobContainerClient(azurite.ConnectionString, "x").AccountName, container.AccountName);
    }

    [Fact]
    public void Container_IdentityBasedConnection_UsesTheAccountsBlobEndpoint()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "loopstore",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = "ProdHub",
        }).Build();

        var container = FunctionsTranscripts.Container(configuration, _root)!;

        Assert.Equal(new Uri("https://loopstore.blob.core.windows.net/prodhub-transcripts"), container.Uri);
    }

    [Fact]
    public void AddLoopFunctionsApp_NoStorageConnection_KeepsTheFileStore()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["LoopFunctions:WorkRoot"] = Path.Combine(_root, "work") }).Build();

        using var provider = new ServiceCollection().AddLoopFunctionsApp(configuration, _root).BuildServiceProvider();

        Assert.IsType<FileTranscriptStore>(provider.GetRequiredService<ITranscriptStore>());
    }

    private async Task<string> RepositoryAsync()
    {
        var repository = Path.Combine(_root, "repo");
        Directory.CreateDirectory(repository);
        await File.WriteAllTextAsync(Path.Combine(repository, "app.txt"), "broken\n");
        await Git.RunAsync(repository, CancellationToken.None, "init", "--quiet", "--initial-branch", "main");
        await Git.RunAsync(repository, CancellationToken.None, "add", "-A");
        await Git.RunAsync(repository, CancellationToken.None, "commit", "--quiet", "-m", "start");
        return repository;
    }
}

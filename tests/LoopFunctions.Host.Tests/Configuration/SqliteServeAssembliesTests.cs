using System.Globalization;
using System.Net;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Configuration;

/// <summary><c>loopfn serve</c> on SQLite (a real child process) runs a loop to its end without ever loading the Azure
/// Storage assemblies: the engine's and the Blob transcript store's registrations sit in a method only a host on Azure
/// Storage calls. Read from the process's memory map, where every loaded assembly file appears.</summary>
public sealed class SqliteServeAssembliesTests : IAsyncLifetime
{
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteLoop("quick", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript));
        await File.WriteAllTextAsync(Path.Combine(_sandbox.Root, "host.json"), """
            { "version": "2.0", "extensions": { "durableTask": {
              "storageProvider": { "type": "Sqlite", "path": ".loopfunctions/store.db", "maxQueuePollingInterval": "00:00:00.250" } } } }
            """);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Serve_OnSqliteAfterALoopAndItsTranscript_NeverLoadsAzureStorageAssemblies()
    {
        await using var serve = new ServeProcess("sqlite", _sandbox.Root, ServeProcess.FreePort());
        await serve.StartAsync();
        using (var started = await serve.Http.PostAsync("/api/loops/quick?instanceId=no-azure", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        // The run ends, and its transcript is read back through the dashboard: every path that touches transcripts ran.
        using var deadline = new CancellationTokenSource(HostSandbox.Deadline);
        while (System.Text.Json.Nodes.JsonNode.Parse(await serve.Http.GetStringAsync("/runtime/webhooks/durabletask/instances/no-azure", deadline.Token))?["runtimeStatus"]?.ToString() != "Completed")
        {
            await Task.Delay(100, deadline.Token);
        }

        var transcript = await serve.Http.GetStringAsync("/api/dashboard/instances/no-azure/transcript?iteration=1", deadline.Token);
        Assert.Contains("fixed add", transcript, StringComparison.Ordinal);

        var maps = await File.ReadAllTextAsync($"/proc/{serve.ProcessId!.Value.ToString(CultureInfo.InvariantCulture)}/maps");
        Assert.Contains("LoopFunctions.DurableTask.Sqlite.dll", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("Azure.Storage.Blobs.dll", maps, StringComparison.Ordinal);
        Assert.DoesNotContain("DurableTask.AzureStorage.dll", maps, StringComparison.Ordinal);
    }
}

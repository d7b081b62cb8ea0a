using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Cli.Commands;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Loops.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Host.Tests.TestSupport;

/// <summary>A temp folder with the demo repository, an agent script and a loops folder, and a host on it listening
/// on a free 127.0.0.1 port. Everything is stopped and deleted on dispose.</summary>
internal sealed class HostSandbox : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly List<WebApplication> _hosts = [];

    private HostSandbox(string root) => Root = root;

    public string Root { get; }

    public string Repository => Path.Combine(Root, "calc");

    public string AgentScript => Path.Combine(Root, "agent.sh");

    public string Loops => Path.Combine(Root, "loops");

    public string StorePath => Path.Combine(Root, ".loopfunctions", "store.db");

    public HttpClient Http { get; private set; } = new();

    public WebApplication? App { get; private set; }

    public static async Task<HostSandbox> CreateAsync()
    {
        var sandbox = new HostSandbox(Directory.CreateTempSubdirectory("loopfn-host-").FullName);
        await DemoRepository.CreateAsync(sandbox.Repository);
        await File.WriteAllTextAsync(sandbox.AgentScript, "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$1\"\n" + LoopFiles.FixAgent + "\n");
        Directory.CreateDirectory(sandbox.Loops);
        return sandbox;
    }

    public void WriteLoop(string name, string text) => File.WriteAllText(Path.Combine(Loops, name + ".md"), text);

    /// <summary>The two loops most host tests start: <c>quick</c> (verified in one iteration) and <c>gated</c> (waits
    /// for an approval).</summary>
    public void WriteQuickAndGatedLoops()
    {
        WriteLoop("quick", LoopFiles.Quick(Repository, AgentScript));
        WriteLoop("gated", LoopFiles.Gated(Repository, AgentScript));
    }

    /// <summary>Writes a flaky setup script (<see cref="LoopFiles.FlakySetup"/>) and a loop <paramref name="name"/>
    /// that runs it; returns the script's path (its call count is in <c>{path}.count</c>).</summary>
    public string WriteFlakyLoop(string name, string failCalls)
    {
        var script = Path.Combine(Root, $"flaky-{name}.sh");
        File.WriteAllText(script, LoopFiles.FlakySetup + "\n");
        WriteLoop(name, LoopFiles.Flaky(Repository, AgentScript, script, failCalls));
        return script;
    }

    /// <summary>Starts a host on this folder (several may share the store); <see cref="Http"/> and <see cref="App"/> then target it.</summary>
    public async Task<WebApplication> StartHostAsync(IDictionary<string, string?>? configuration = null, TimeProvider? scheduleTime = null, string? key = null)
    {
        var settings = new LoopHostSettings { ContentRoot = Root, Urls = ["http://127.0.0.1:0"], ScheduleTime = scheduleTime };
        settings.Configuration["LoopFunctions:Schedules:PastDue"] = "run-latest";
        foreach (var (name, value) in configuration ?? new Dictionary<string, string?>())
        {
            settings.Configuration[name] = value;
        }

        var app = LoopHost.Build(settings);
        await app.StartAsync();
        _hosts.Add(app);
        App = app;
        Http.Dispose();
        Http = new HttpClient { BaseAddress = app.BaseAddress(), Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            Http.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return app;
    }

    /// <summary>Starts a loop over HTTP and returns the check-status payload.</summary>
    public async Task<JsonObject> StartLoopAsync(string loop, string? instanceId = null, object? input = null)
    {
        var path = $"/api/loops/{loop}" + (instanceId is null ? "" : $"?instanceId={Uri.EscapeDataString(instanceId)}");
        using var response = await Http.PostAsJsonAsync(path, input ?? new { });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"start {loop}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<(System.Net.HttpStatusCode Status, JsonNode? Body)> GetStatusAsync(string instanceId, string query = "")
    {
        using var response = await Http.GetAsync($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}{query}");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls the status until <paramref name="condition"/> holds, or fails at the deadline with the last status.</summary>
    public async Task<JsonNode> WaitForAsync(string instanceId, Func<JsonNode, bool> condition, string query = "")
    {
        using var cts = new CancellationTokenSource(Deadline);
        JsonNode? last = null;
        while (!cts.IsCancellationRequested)
        {
            var (status, body) = await GetStatusAsync(instanceId, query);
            if (status is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Accepted && body is not null)
            {
                last = body;
                if (condition(body))
                {
                    return body;
                }
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new TimeoutException($"{instanceId} did not reach the expected state within {Deadline}; last status: {last?.ToJsonString()}");
    }

    /// <summary>What the launcher stored as the run's orchestration input.</summary>
    public async Task<LoopRunInput> RunRequestAsync(string instanceId)
    {
        var client = App!.Services.GetRequiredService<DurableTaskClient>();
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true) ?? throw new InvalidOperationException($"no instance {instanceId}");
        return metadata.ReadInputAs<LoopRunInput>()!;
    }

    public Task<JsonNode> WaitForPhaseAsync(string instanceId, string phase) =>
        WaitForAsync(instanceId, s => s["customStatus"]?["phase"]?.ToString() == phase);

    public Task<JsonNode> WaitForEndAsync(string instanceId) =>
        WaitForAsync(instanceId, s => s["runtimeStatus"]?.ToString() is "Completed" or "Failed" or "Terminated");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var app in _hosts)
        {
            // A host a test already stopped is stopped again harmlessly.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await app.StopAsync(grace.Token);
            await app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A git process of a killed run may still be releasing a file; the temp folder is cleaned by the OS then.
        }
    }
}

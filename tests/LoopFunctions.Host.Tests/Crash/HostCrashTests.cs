using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Host.Tests.Crash;

/// <summary>kill -9 of a real <c>loopfn serve</c> while loops run; a new host on the same store finishes every loop
/// with the commits an uncrashed run makes.</summary>
public sealed class HostCrashTests : IAsyncLifetime
{
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();

        // The agent takes a moment so that the kill lands while steps run. No short leases: on one machine the new host
        // takes over the dead host's locks at once (the SQLite provider sees their owner process is gone).
        await File.WriteAllTextAsync(_sandbox.AgentScript, "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$1\"\nsleep 1\n" + LoopFiles.FixAgent + "\n");
        _sandbox.WriteLoop("quick", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript));
        await File.WriteAllTextAsync(Path.Combine(_sandbox.Root, "host.json"), """
            { "version": "2.0", "extensions": { "durableTask": {
              "storageProvider": { "type": "Sqlite", "path": ".loopfunctions/store.db", "maxQueuePollingInterval": "00:00:00.250" } } } }
            """);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Serve_KilledWhileLoopsRun_RestartedHostCompletesEveryLoop()
    {
        var port = ServeProcess.FreePort();
        var ids = Enumerable.Range(1, 4).Select(i => $"crash-{i}").ToList();
        await using (var first = new ServeProcess("first", _sandbox.Root, port))
        {
            await first.StartAsync();
            var http = first.Http;
            foreach (var id in ids)
            {
                using var started = await http.PostAsync($"/api/loops/quick?instanceId={id}", null);
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            }

            // Kill while at least one loop is inside an agent step and none has finished.
            await PollAsync(http, ids, statuses => statuses.Any(s => s["customStatus"]?["phase"]?.ToString() is "Agent" or "Guard" or "Verify"));
            await first.KillAsync();
        }

        await using var second = new ServeProcess("second", _sandbox.Root, port);
        await second.StartAsync();
        var done = await PollAsync(second.Http, ids, statuses => statuses.All(s => s["runtimeStatus"]?.ToString() is "Completed" or "Failed" or "Terminated"));
        foreach (var status in done)
        {
            Assert.Equal("Completed", status["runtimeStatus"]!.ToString());
            Assert.Equal("Verified", status["output"]!["outcome"]!.ToString());
            var branch = status["output"]!["branch"]!.ToString();
            var clone = Path.Combine(_sandbox.Root, ".loopfunctions", "workspaces");
            var workspace = Directory.GetDirectories(clone).Single(d => Path.GetFileName(d).Contains(status["instanceId"]!.ToString(), StringComparison.Ordinal));

            // Exactly the one commit an uncrashed run makes: a retried step never commits twice.
            var log = await Git.RunAsync(workspace, CancellationToken.None, "log", "--format=%s", $"main..{branch}");
            Assert.Single(log.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public async Task Serve_StoppedGracefullyWhileALoopRuns_ExitsZeroAndTheNextHostFinishesIt()
    {
        var port = ServeProcess.FreePort();
        string[] ids = ["graceful-1"];
        await using (var first = new ServeProcess("first", _sandbox.Root, port))
        {
            await first.StartAsync();
            var http = first.Http;
            using (var started = await http.PostAsync("/api/loops/quick?instanceId=graceful-1", null))
            {
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            }

            await PollAsync(http, ids, statuses => statuses[0]["customStatus"]?["phase"]?.ToString() == "Agent");
            Assert.Equal(0, await first.TerminateAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("Durable worker stopping", first.Output, StringComparison.Ordinal);
        }

        await using var second = new ServeProcess("second", _sandbox.Root, port);
        await second.StartAsync();
        var done = await PollAsync(second.Http, ids, statuses => statuses[0]["runtimeStatus"]?.ToString() is "Completed" or "Failed");
        Assert.Equal("Verified", done[0]["output"]!["outcome"]!.ToString());
    }

    private static async Task<List<JsonNode>> PollAsync(HttpClient http, IReadOnlyList<string> ids, Func<List<JsonNode>, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        List<JsonNode> statuses = [];
        while (!deadline.IsCancellationRequested)
        {
            statuses = [];
            foreach (var id in ids)
            {
                using var response = await http.GetAsync($"/runtime/webhooks/durabletask/instances/{id}", CancellationToken.None);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted)
                {
                    statuses.Add((await response.Content.ReadFromJsonAsync<JsonNode>())!);
                }
            }

            if (statuses.Count == ids.Count && condition(statuses))
            {
                return statuses;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new TimeoutException("loops did not reach the expected state: " + string.Join("\n", statuses.Select(s => s.ToJsonString())));
    }
}

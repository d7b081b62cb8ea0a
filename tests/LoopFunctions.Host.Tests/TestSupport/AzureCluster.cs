using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LoopFunctions.Cli.Commands;
using LoopFunctions.DurableTask.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.TestSupport;

/// <summary>
/// Several <c>loopfn serve</c> processes on one folder and one task hub on one Azurite: host.json selects
/// AzureStorage with a unique hub and LoopFunctions' default leases and visibility timeouts, local.settings.json carries the Azurite connection string. The
/// folder holds the demo repository, a cheap agent script that also appends its workspace name to a side-effect log,
/// and the loop <c>scale</c>. Dispose kills every child and Azurite and deletes the folder, whatever happened.
/// </summary>
internal sealed class AzureCluster : IAsyncDisposable
{
    public const string Loop = "scale";

    public const int Partitions = 4;

    private readonly AzuriteFixture _azurite = new();

    private AzureCluster(string root) => Root = root;

    public string Root { get; }

    public string HubName { get; } = "scale" + Guid.NewGuid().ToString("N")[..12];

    public string SideEffectLog => Path.Combine(Root, "agent-calls.log");

    /// <summary>The demo repository the loops work on.</summary>
    public string Repository => Path.Combine(Root, "calc");

    public IReadOnlyList<ServeProcess> Hosts { get; private set; } = [];

    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>Creates the folder and starts Azurite; the hosts are created (not started) on free ports.</summary>
    /// <param name="hosts">How many <c>loopfn serve</c> processes.</param>
    /// <param name="settings">More local.settings.json <c>Values</c> every host reads (a pool's caps, say).</param>
    public static async Task<AzureCluster> CreateAsync(int hosts, IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = new AzureCluster(Directory.CreateTempSubdirectory("loopfn-scale-").FullName);
        try
        {
            await cluster._azurite.InitializeAsync();
            await cluster.WriteFilesAsync(settings ?? new Dictionary<string, string>());
            cluster.Hosts = [.. Enumerable.Range(0, hosts).Select(i => new ServeProcess($"host{i}", cluster.Root, ServeProcess.FreePort()))];
            foreach (var host in cluster.Hosts)
            {
                // A start writes to Azurite, which shares the two cores with three hosts and whatever else runs: at a
                // load of 37 one took over 30 s (the client's default here). Slow is not what this test is about.
                host.Http.Timeout = TimeSpan.FromMinutes(2);
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The current owner (a worker id) of every partition: the <c>Owner</c> in its lease blob
    /// (<c>{hub}-leases/ownership/{hub}-control-NN</c>, DTFx's safe partition manager), while the blob is leased; null for a
    /// partition nobody holds.</summary>
    public async Task<IReadOnlyList<string?>> PartitionOwnersAsync()
    {
        var hub = HubName.ToLowerInvariant();
        var container = new BlobServiceClient(ConnectionString).GetBlobContainerClient(hub + "-leases");
        var owners = new string?[Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            var blob = container.GetBlobClient($"ownership/{hub}-control-{p:D2}");
            try
            {
                var properties = await blob.GetPropertiesAsync();
                if (properties.Value.LeaseState == LeaseState.Leased)
                {
                    var content = (await blob.DownloadContentAsync()).Value.Content.ToString();
                    owners[p] = JsonNode.Parse(content)?["Owner"]?.GetValue<string>();
                }
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                // No worker has created the task hub yet.
            }
        }

        return owners;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, or fails at the deadline with <paramref name="what"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> what)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"not within {deadline}: {what()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds. Fails when <paramref name="progress"/> (a count
    /// that only grows, read after each poll) has not grown for <paramref name="stall"/>, or after <paramref name="cap"/>
    /// in all: on a loaded machine the work takes as long as it takes, but it must keep moving.</summary>
    public static async Task WaitWhileProgressingAsync(Func<Task<bool>> condition, Func<int> progress, TimeSpan stall, TimeSpan cap, Func<string> what)
    {
        var start = DateTime.UtcNow;
        var (last, lastAt) = (-1, start);
        while (!await condition())
        {
            var now = DateTime.UtcNow;
            if (progress() > last)
            {
                (last, lastAt) = (progress(), now);
            }

            if (now - lastAt > stall || now - start > cap)
            {
                throw new TimeoutException($"{(now - lastAt > stall ? $"no progress for {stall}" : $"not within {cap}")}: {what()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The partition of an instance, as DurableTask.AzureStorage places it: FNV-1a of the UTF-8 id, modulo
    /// <see cref="Partitions"/> (an entity's instance id is <c>@name@key</c>).</summary>
    public static int PartitionOf(string instanceId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(instanceId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % Partitions);
    }

    /// <summary>Every instance's status in one query per page, through <paramref name="host"/>'s management API.</summary>
    public static async Task<Dictionary<string, JsonObject>> StatusesAsync(ServeProcess host, string prefix)
    {
        var all = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/runtime/webhooks/durabletask/instances?instanceIdPrefix={prefix}&top=500");
            if (continuation is not null)
            {
                request.Headers.Add("x-ms-continuation-token", continuation);
            }

            using var response = await host.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"list on {host.Name}: {(int)response.StatusCode} {text}");
            foreach (var item in JsonNode.Parse(text)!.AsArray())
            {
                all[item!["instanceId"]!.ToString()] = item.AsObject();
            }

            continuation = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.FirstOrDefault() : null;
        }
        while (!string.IsNullOrEmpty(continuation) && continuation != "null");

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A git child of a killed host may still hold a file for a moment; the OS cleans temp folders.
        }
    }

    private async Task WriteFilesAsync(IReadOnlyDictionary<string, string> settings)
    {
        await DemoRepository.CreateAsync(Repository);
        var agent = Path.Combine(Root, "agent.sh");

        // The side-effect log line is the run's folder, which is named after the instance. The sandbox shows the tree at
        // /workspace, so its host path comes from the kernel's mount table (which still names the folder bound there,
        // as docs/loop-reference.md says); unconfined, the argument is that path.
        await File.WriteAllTextAsync(agent, $"""
            #!/usr/bin/env bash
            set -euo pipefail
            tree="$1"
            if [[ "$tree" == /workspace ]]; then tree="$(awk '$5 == "/workspace" {"{"}print $4{"}"}' /proc/self/mountinfo)"; fi
            run="${"{"}tree%/tree{"}"}"
            printf '%s\n' "${"{"}run##*/{"}"}" >> "{SideEffectLog}"
            cd "$1"
            {LoopFiles.FixAgent}

            """);
        Directory.CreateDirectory(Path.Combine(Root, "loops"));
        await File.WriteAllTextAsync(Path.Combine(Root, "loops", Loop + ".md"), LoopFiles.Quick(Repository, agent, agentExtra: $"write_paths: [{Root}]"));
        var host = new JsonObject
        {
            ["version"] = "2.0",
            ["extensions"] = new JsonObject
            {
                ["durableTask"] = new JsonObject
                {
                    ["hubName"] = HubName,
                    ["storageProvider"] = new JsonObject
                    {
                        ["type"] = "AzureStorage",
                        ["partitionCount"] = Partitions,
                        // Leases, visibility timeouts and the control-queue buffer stay on LoopFunctions' defaults
                        // (AzureStorageScaleOut): the test proves those hold on a loaded machine.
                        ["maxQueuePollingInterval"] = "00:00:00.500",
                    },
                },
            },
        };
        await File.WriteAllTextAsync(Path.Combine(Root, "host.json"), host.ToJsonString());
        var values = new JsonObject { ["AzureWebJobsStorage"] = ConnectionString };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var local = new JsonObject { ["IsEncrypted"] = false, ["Values"] = values };
        await File.WriteAllTextAsync(Path.Combine(Root, "local.settings.json"), local.ToJsonString());
    }
}

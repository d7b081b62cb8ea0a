using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.Host.Tests.TestSupport;
using Xunit.Abstractions;

namespace LoopFunctions.Host.Tests.Crash;

/// <summary>
/// Three <c>loopfn serve</c> processes share one DurableTask.AzureStorage task hub on Azurite, its partitions spread
/// over them by blob leases (Durable Functions' partition manager), on LoopFunctions' default leases and visibility
/// timeouts. A worker that owns partitions is SIGKILLed while 200 loop runs are in flight and restarted later. Every
/// run must still end Verified exactly once, the survivors must take over the dead worker's partitions and finish
/// runs on them while it is down, and no stretch without a completed run may exceed <see cref="StallBound"/>. Built to
/// hold while other work loads the machine's two cores.
/// </summary>
public sealed partial class AzureScaleOutTests(ITestOutputHelper output)
{
    private const int Runs = 200;
    /// <summary>For the partitions to change hands after the kill.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    /// <summary>The longest the runs may go without one completing: the kill's takeover (lease 30 s, then the next
    /// acquire, 10 s) plus the control-queue visibility (2 min), LoopFunctions' defaults, plus 30 s for the loaded
    /// machine; 190 s. The restarted worker stealing partitions back costs at most the visibility timeout.</summary>
    private static readonly TimeSpan StallBound = TimeSpan.FromSeconds(30 + 10 + 30) + AzureStorageScaleOut.ControlQueueVisibilityTimeout;

    /// <summary>A cap on each phase, so a test that crawls still ends.</summary>
    private static readonly TimeSpan PhaseCap = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task ServeProcesses_OwnerKilledMidRun_EveryRunVerifiedOnceAndPartitionsMoved()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await AzureCluster.CreateAsync(hosts: 3);
        try
        {
            await Task.WhenAll(cluster.Hosts.Select(h => h.StartAsync()));
            // The first host up takes every partition and the others steal theirs from it within a few acquire
            // intervals. Runs started before that sit in partitions that move, each move costing up to the control
            // queue's visibility timeout, which the stall bound allows for; waiting for the spread just keeps the kill
            // the test's main move. Under heavy load the spread once took over 3 minutes, so the run goes on without it.
            IReadOnlyList<string?> owners0 = [];
            await AzureCluster.WaitUntilAsync(
                async () => (owners0 = await cluster.PartitionOwnersAsync()).All(o => o is not null), TimeSpan.FromMinutes(3), () => "not every partition has an owner");
            try
            {
                await AzureCluster.WaitUntilAsync(
                    async () =>
                    {
                        var owners = await cluster.PartitionOwnersAsync();
                        return cluster.Hosts.All(h => owners.Contains(h.WorkerId));
                    },
                    TimeSpan.FromMinutes(2),
                    () => "spread");
                owners0 = await cluster.PartitionOwnersAsync();
            }
            catch (TimeoutException)
            {
                output.WriteLine($"{clock.Elapsed}: partitions not yet spread over the hosts; going on");
            }

            output.WriteLine($"{clock.Elapsed}: 3 hosts up, owners [{string.Join(", ", owners0)}]");

            var ids = Enumerable.Range(0, Runs).Select(i => $"scale-{i:D3}").ToList();
            await Parallel.ForEachAsync(ids.Select((id, i) => (id, host: cluster.Hosts[i % 3])), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (run, _) =>
            {
                using var response = await run.host.Http.PostAsJsonAsync($"/api/loops/{AzureCluster.Loop}?instanceId={run.id}", new { });
                Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"start {run.id} on {run.host.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            });
            var startedAt = DateTime.UtcNow;
            output.WriteLine($"{clock.Elapsed}: {Runs} runs started");

            // Kill the worker owning the most partitions once some runs are done: the rest are mid-flight on them.
            Dictionary<string, JsonObject> before = [];
            await AzureCluster.WaitWhileProgressingAsync(
                async () => Completed(before = await AzureCluster.StatusesAsync(cluster.Hosts[0], "scale-")) >= 30,
                () => Completed(before),
                StallBound,
                PhaseCap,
                () => $"{Completed(before)} of {Runs} completed before the kill");
            var owners = await cluster.PartitionOwnersAsync();
            var victim = cluster.Hosts.MaxBy(h => owners.Count(o => o == h.WorkerId))!;
            var orphaned = Enumerable.Range(0, AzureCluster.Partitions).Where(p => owners[p] == victim.WorkerId).ToHashSet();
            var survivors = cluster.Hosts.Where(h => h != victim).ToList();
            await victim.KillAsync();
            var killedAt = DateTime.UtcNow;

            // Runs can finish between the last poll and the kill: what was done at the kill is read after it, by time.
            var doneAtKill = (await AzureCluster.StatusesAsync(survivors[0], "scale-"))
                .Where(s => IsCompleted(s.Value) && UpdatedAt(s.Value) <= killedAt).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            output.WriteLine($"{clock.Elapsed}: killed {victim.Name} (partitions {string.Join(",", orphaned)}) with {doneAtKill.Count} completed");
            Assert.NotEmpty(orphaned);
            Assert.True(doneAtKill.Count < Runs - 40, $"too few runs left in flight at the kill ({doneAtKill.Count} of {Runs} done)");

            // While the victim is dead only the survivors run orchestration episodes: they must take its partitions
            // over (after its lease lapses) and finish runs that live on them.
            Dictionary<string, JsonObject> during = [];
            await AzureCluster.WaitWhileProgressingAsync(
                async () =>
                {
                    during = await AzureCluster.StatusesAsync(survivors[0], "scale-");
                    return orphaned.IsSubsetOf(CompletedPartitions(during, doneAtKill)) && Completed(during) - doneAtKill.Count >= 40;
                },
                () => Completed(during),
                StallBound,
                PhaseCap,
                () => $"while {victim.Name} was down: {Completed(during) - doneAtKill.Count} more completed, partitions [{string.Join(",", CompletedPartitions(during, doneAtKill))}]");
            // Ownership is read while leases renew, so a partition can show none for a moment: wait for a survivor.
            IReadOnlyList<string?> ownersDuring = [];
            await AzureCluster.WaitUntilAsync(
                async () =>
                {
                    ownersDuring = await cluster.PartitionOwnersAsync();
                    return orphaned.All(p => survivors.Any(h => h.WorkerId == ownersDuring[p]));
                },
                Deadline,
                () => $"partitions {string.Join(",", orphaned)} of {victim.Name} are not owned by a survivor: [{string.Join(", ", ownersDuring)}]");
            output.WriteLine($"{clock.Elapsed}: survivors completed {Completed(during) - doneAtKill.Count} runs, own [{string.Join(", ", ownersDuring)}]; restarting {victim.Name}");

            await victim.StartAsync();
            Dictionary<string, JsonObject> final = [];
            await AzureCluster.WaitWhileProgressingAsync(
                async () => (final = await AzureCluster.StatusesAsync(victim, "scale-")).Count == Runs && final.Values.All(IsTerminal),
                () => final.Values.Count(IsTerminal),
                StallBound,
                PhaseCap,
                () => $"{Completed(final)} of {Runs} completed; not done: {string.Join(", ", final.Where(s => !IsTerminal(s.Value)).Select(s => s.Key).Take(10))}");
            output.WriteLine($"{clock.Elapsed}: all {Runs} terminal");

            AssertNoStall(final, startedAt);
            await AssertEveryRunOnceAsync(cluster, ids, final, doneAtKill.Order(StringComparer.Ordinal).First());
            output.WriteLine($"{clock.Elapsed}: checked");
        }
        catch
        {
            foreach (var host in cluster.Hosts)
            {
                output.WriteLine($"===== {host.Name} (port {host.Port})\n{Tail(host.Output, 6000)}");
            }

            throw;
        }
        finally
        {
            // LOOPFN_SCALE_LOGS=folder keeps every host's whole output, passed or not: DTFx's duplicate-message and
            // pop-receipt warnings there are how a stall is told from slowness.
            if (Environment.GetEnvironmentVariable("LOOPFN_SCALE_LOGS") is { Length: > 0 } diag)
            {
                Directory.CreateDirectory(diag);
                foreach (var host in cluster.Hosts)
                {
                    await File.WriteAllTextAsync(Path.Combine(diag, host.Name + ".log"), host.Output);
                }
            }
        }
    }

    private async Task AssertEveryRunOnceAsync(AzureCluster cluster, List<string> ids, Dictionary<string, JsonObject> final, string referenceId)
    {
        Assert.All(ids, id => Assert.True(
            final[id]["runtimeStatus"]?.ToString() == "Completed" && final[id]["output"]?["outcome"]?.ToString() == "Verified",
            $"{id}: {final[id].ToJsonString()}"));

        // A run that finished before the kill is what an uncrashed run gives; every other run must give the same.
        var reference = Normalize(final[referenceId]["output"]!, referenceId);
        output.WriteLine($"reference result ({referenceId}, normalized): {reference}");
        Assert.All(ids, id =>
        {
            var normalized = Normalize(final[id]["output"]!, id);
            Assert.True(reference == normalized, $"{id} differs from {referenceId}:\n{normalized}\nreference:\n{reference}");
        });

        var calls = (await File.ReadAllLinesAsync(cluster.SideEffectLog)).Select(l => InstanceIdPattern().Match(l).Value).ToList();
        var missing = ids.Except(calls, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"the agent never ran for {string.Join(", ", missing)}");
        Assert.All(calls, c => Assert.Contains(c, ids));
        output.WriteLine($"agent calls: {calls.Count} for {ids.Count} runs (a repeat is an activity retried after the kill)");

        var host = cluster.Hosts[1];
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) =>
        {
            var history = await host.Http.GetFromJsonAsync<JsonObject>($"/runtime/webhooks/durabletask/instances/{id}?showHistory=true");
            var started = history!["historyEvents"]!.AsArray().Count(e => e!["EventType"]?.ToString() == "ExecutionStarted");
            Assert.True(started == 1, $"{id} has {started} ExecutionStarted events: {history.ToJsonString()}");
        });
    }

    /// <summary>While runs were outstanding, some run completed at least every <see cref="StallBound"/>: the kill's
    /// takeover (the lease lapsing, the next acquire) plus the invisibility of the messages the victim had dequeued,
    /// and a margin for the loaded machine.</summary>
    private void AssertNoStall(Dictionary<string, JsonObject> final, DateTime startedAt)
    {
        var times = final.Values.Select(UpdatedAt).Prepend(startedAt).Order().ToList();
        var (gap, after) = times.Zip(times.Skip(1), (a, b) => (b - a, a)).MaxBy(g => g.Item1);
        output.WriteLine($"longest time without a run completing: {gap.TotalSeconds:F1} s (after {after:HH:mm:ss}); bound {StallBound.TotalSeconds} s");
        Assert.True(gap <= StallBound, $"no run completed for {gap} after {after:O} (bound {StallBound})");
    }

    private static int Completed(Dictionary<string, JsonObject> statuses) => statuses.Values.Count(IsCompleted);

    private static bool IsCompleted(JsonObject status) => status["runtimeStatus"]?.ToString() == "Completed";

    private static bool IsTerminal(JsonObject status) => status["runtimeStatus"]?.ToString() is "Completed" or "Failed" or "Terminated";

    private static DateTime UpdatedAt(JsonObject status) =>
        DateTime.Parse(status["lastUpdatedTime"]!.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>The partitions of runs completed after the kill.</summary>
    private static SortedSet<int> CompletedPartitions(Dictionary<string, JsonObject> statuses, HashSet<string> doneAtKill) =>
        [.. statuses.Where(s => IsCompleted(s.Value) && !doneAtKill.Contains(s.Key)).Select(s => AzureCluster.PartitionOf(s.Key))];

    /// <summary>The output without what legitimately differs between two good runs: times, commit hashes (they hash
    /// the commit time) and the instance id.</summary>
    private static string Normalize(JsonNode result, string instanceId)
    {
        var copy = result.DeepClone();
        Strip(copy);
        return copy.ToJsonString().Replace(instanceId, "{id}", StringComparison.Ordinal);
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).Where(IsVolatile).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, value) in o)
                {
                    Strip(value);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Strip(item);
                }

                break;
        }
    }

    private static bool IsVolatile(string key) =>
        key is "startedAt" or "endedAt" or "commit" or "finalCommit" ||
        key.EndsWith("Ms", StringComparison.Ordinal) || key.EndsWith("Seconds", StringComparison.Ordinal) || key.EndsWith("Duration", StringComparison.Ordinal);

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    [GeneratedRegex(@"scale-\d{3}")]
    private static partial Regex InstanceIdPattern();
}

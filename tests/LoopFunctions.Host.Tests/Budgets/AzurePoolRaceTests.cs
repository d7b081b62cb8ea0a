using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoopFunctions.Host.Tests.TestSupport;
using Xunit.Abstractions;

namespace LoopFunctions.Host.Tests.Budgets;

/// <summary>
/// A budget pool across Azure Storage workers: two <c>loopfn serve</c> processes share one DurableTask.AzureStorage task
/// hub on Azurite, their settings declare a pool whose cap covers exactly ten agent steps, and twenty runs of a loop on
/// that pool start at once through both hosts. The runs' orchestrations live on partitions both workers own, so
/// reservations reach the pool's entity from two processes; the agent steps are activities either may run. Exactly ten
/// steps may run, the other ten runs must stop <c>BudgetExhausted</c> naming the pool before their agent starts, and the
/// pool must end with the ten steps' spend and no hold left.
/// </summary>
public sealed partial class AzurePoolRaceTests(ITestOutputHelper output)
{
    private const string Loop = "pooled";
    private const string Pool = "team-a";
    private const int Runs = 20;
    private const int Covered = 10;

    /// <summary>The agent step's worst case (docs/loop-reference.md, Budgets): <c>max_output_tokens</c> 1,000, the goal's
    /// 31 characters at one token per four (7) and 1,000 for the prompt's frame.</summary>
    private const long StepWorstCase = 2_007;

    /// <summary>What the agent reports: one token under the worst case, so ten settled steps leave 10 tokens and an
    /// eleventh step never fits, however reserves and settles interleave (a step settled well under its worst case would
    /// make room for more than ten).</summary>
    private const long StepTokens = StepWorstCase - 1;

    /// <summary>For the hosts to spread the partitions, and for the pool to apply the runs' last settles and releases.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    /// <summary>The longest the runs may go without one ending: a partition moving costs up to the control queue's
    /// visibility timeout (2 min), plus a margin for the loaded machine.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ServeProcesses_TwentyLoopsOnPoolCoveringTen_NeverOverspent()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await AzureCluster.CreateAsync(hosts: 2, new Dictionary<string, string>
        {
            [$"LoopFunctions:Pools:{Pool}:MaxTokens"] = (Covered * StepWorstCase).ToString(CultureInfo.InvariantCulture),
            [$"LoopFunctions:Pools:{Pool}:Period"] = "none",
        });
        var marks = Path.Combine(cluster.Root, "agent-steps.log");
        await WriteLoopAsync(cluster, marks);
        try
        {
            await Task.WhenAll(cluster.Hosts.Select(h => h.StartAsync()));

            // The first host up takes every partition and the other steals its share by blob leases, which takes a few
            // acquire intervals: started before that, the runs could all be on one worker.
            IReadOnlyList<string?> owners = [];
            await AzureCluster.WaitUntilAsync(
                async () => (owners = await cluster.PartitionOwnersAsync()).All(o => o is not null) && cluster.Hosts.All(h => owners.Contains(h.WorkerId)),
                Deadline,
                () => $"the partitions are not spread over the hosts: [{string.Join(", ", owners)}]");
            var ownersAtStart = owners;
            output.WriteLine($"{clock.Elapsed}: hosts up, owners [{string.Join(", ", ownersAtStart)}], the pool's entity on partition {AzureCluster.PartitionOf($"@budgetpool@{Pool}")}");

            // Five runs on each partition, so each worker runs orchestrations that reserve from the one entity.
            var ids = Enumerable.Range(0, Runs).Select(i => $"pool-{i:D2}").ToList();
            Assert.Equal(Enumerable.Range(0, AzureCluster.Partitions), ids.Select(AzureCluster.PartitionOf).Distinct().Order());
            await Task.WhenAll(ids.Select((id, i) => StartAsync(cluster.Hosts[i % cluster.Hosts.Count], id)));
            output.WriteLine($"{clock.Elapsed}: {Runs} runs started");

            Dictionary<string, JsonObject> final = [];
            await AzureCluster.WaitWhileProgressingAsync(
                async () => (final = await AzureCluster.StatusesAsync(cluster.Hosts[0], "pool-")).Count == Runs && final.Values.All(IsTerminal),
                () => final.Values.Count(IsTerminal),
                Stall,
                TimeSpan.FromMinutes(15),
                () => $"{final.Values.Count(IsTerminal)} of {Runs} ended; not yet: {string.Join(", ", final.Where(s => !IsTerminal(s.Value)).Select(s => s.Key))}");
            var ownersAtEnd = await cluster.PartitionOwnersAsync();
            output.WriteLine($"{clock.Elapsed}: all {Runs} ended, owners [{string.Join(", ", ownersAtEnd)}]");
            output.WriteLine($"pool as the runs ended: {await PoolStateAsync(cluster.Hosts[1])}");

            var (ran, stopped) = AssertOutcomes(final, ids);
            var steps = await AssertAgentStepsAsync(cluster, marks, ran);
            await AssertPoolAsync(cluster, final, ran, stopped);

            // The spread, as a signal: every partition had runs, and each worker owned partitions from before the starts
            // to the end (the balancing may hand the newcomer more meanwhile), so it ran those runs' orchestrations and
            // their reserves reached the one entity from both processes. Which worker ran an agent step (an activity,
            // from the shared work-item queue) is shown, not asserted.
            foreach (var host in cluster.Hosts)
            {
                var own = ids.Where(id => ownersAtStart[AzureCluster.PartitionOf(id)] == host.WorkerId && ownersAtEnd[AzureCluster.PartitionOf(id)] == host.WorkerId).ToList();
                output.WriteLine($"{host.Name} (pid {host.ProcessId}): owned throughout the partitions of {own.Count} runs ({own.Count(ran.Contains)} of them ran their step) and ran {steps.Count(s => s.Pid == host.ProcessId)} agent steps");
                Assert.True(own.Count > 0, $"{host.Name} ({host.WorkerId}) owned no partition from start to end: [{string.Join(", ", ownersAtStart)}] then [{string.Join(", ", ownersAtEnd)}]");
            }

            output.WriteLine($"{clock.Elapsed}: checked");
        }
        catch
        {
            foreach (var host in cluster.Hosts)
            {
                output.WriteLine($"===== {host.Name} (port {host.Port})\n{Tail(host.Output, 6000)}");
            }

            output.WriteLine($"pool at the failure: {await PoolStateAsync(cluster.Hosts[1])}");
            throw;
        }
        finally
        {
            // LOOPFN_SCALE_LOGS=folder keeps every host's whole output, passed or not (as AzureScaleOutTests does).
            if (Environment.GetEnvironmentVariable("LOOPFN_SCALE_LOGS") is { Length: > 0 } diag)
            {
                Directory.CreateDirectory(diag);
                foreach (var host in cluster.Hosts)
                {
                    await File.WriteAllTextAsync(Path.Combine(diag, $"pool-{host.Name}.log"), host.Output);
                }
            }
        }
    }

    private static async Task<string> PoolStateAsync(ServeProcess host)
    {
        try
        {
            using var response = await host.Http.GetAsync($"/runtime/webhooks/durabletask/entities/budgetpool/{Pool}");
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Every run completed; ten Verified after their one agent step, ten stopped by the pool with nothing spent.</summary>
    private static (HashSet<string> Ran, HashSet<string> Stopped) AssertOutcomes(Dictionary<string, JsonObject> final, List<string> ids)
    {
        Assert.All(ids, id => Assert.True(final[id]["runtimeStatus"]?.ToString() == "Completed", $"{id}: {final[id].ToJsonString()}"));
        var ran = ids.Where(id => Outcome(final[id]) == "Verified").ToHashSet(StringComparer.Ordinal);
        var stopped = ids.Where(id => Outcome(final[id]) == "BudgetExhausted").ToHashSet(StringComparer.Ordinal);
        Assert.True(
            ran.Count == Covered && stopped.Count == Runs - Covered,
            $"{ran.Count} Verified, {stopped.Count} BudgetExhausted: {string.Join("; ", ids.Select(id => $"{id} {Outcome(final[id])} {final[id]["output"]?["reason"]}"))}");
        Assert.All(ran, id =>
        {
            Assert.Single(final[id]["output"]!["iterations"]!.AsArray());
            Assert.Equal(StepTokens, SpentTokens(final[id]));
        });
        Assert.All(stopped, id =>
        {
            var reason = final[id]["output"]!["reason"]!.ToString();
            Assert.Contains($"pool '{Pool}'", reason, StringComparison.Ordinal);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"up to {StepWorstCase:N0} for the next step > max_tokens {Covered * StepWorstCase:N0}"), reason, StringComparison.Ordinal);
            Assert.Empty(final[id]["output"]!["iterations"]!.AsArray());
            Assert.Equal(0, SpentTokens(final[id]));
        });
        return (ran, stopped);
    }

    /// <summary>The agent's own marks: one step for each run that ran it, none for the stopped runs, each on a worker.</summary>
    private async Task<List<(string Run, int Pid)>> AssertAgentStepsAsync(AzureCluster cluster, string marks, HashSet<string> ran)
    {
        var lines = File.Exists(marks) ? await File.ReadAllLinesAsync(marks) : [];
        var steps = lines.Select(l => (Run: RunIdPattern().Match(l).Value, Pid: int.Parse(l.Split(' ')[^1], CultureInfo.InvariantCulture))).ToList();
        output.WriteLine($"agent steps: {string.Join(", ", steps.Select(s => $"{s.Run}@{s.Pid}"))}");
        Assert.Equal(ran.Order(StringComparer.Ordinal), steps.Select(s => s.Run).Order(StringComparer.Ordinal));
        var workers = cluster.Hosts.Select(h => h.ProcessId).ToHashSet();
        Assert.All(steps, s => Assert.Contains(s.Pid, workers));
        return steps;
    }

    /// <summary>The pool's entity, read as Durable Functions clients read it (the entity route) and as the dashboard shows
    /// it: the ten steps' recorded spend, no hold, the ten settles and the ten refusals.</summary>
    private async Task AssertPoolAsync(AzureCluster cluster, Dictionary<string, JsonObject> final, HashSet<string> ran, HashSet<string> stopped)
    {
        var recorded = ran.Sum(id => SpentTokens(final[id]));
        Assert.Equal(Covered * StepTokens, recorded);

        // Settles and releases are signals the runs sent on their way out: wait for the entity to have applied them.
        JsonNode? state = null;
        await AzureCluster.WaitUntilAsync(
            async () =>
            {
                using var response = await cluster.Hosts[1].Http.GetAsync($"/runtime/webhooks/durabletask/entities/budgetpool/{Pool}");
                state = response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
                return state is not null && state["spentTokens"]!.GetValue<long>() == recorded && state["reservations"]!.AsObject().Count == 0;
            },
            Deadline,
            () => $"the pool is not at {recorded} tokens spent with no hold: {state?.ToJsonString()}");
        output.WriteLine($"pool: {state!.ToJsonString()}");
        Assert.Equal(Covered, state["byLoop"]![Loop]!["steps"]!.GetValue<int>());
        Assert.Equal(ran.Select(id => $"{id}/1/1").Order(StringComparer.Ordinal), state["recentlySettled"]!.AsArray().Select(s => s!.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(stopped.Order(StringComparer.Ordinal), state["denied"]!.AsArray().Select(d => d!["runId"]!.ToString()).Order(StringComparer.Ordinal));

        var view = (await cluster.Hosts[0].Http.GetFromJsonAsync<JsonNode>($"/api/dashboard/budgets/{Pool}"))!;
        Assert.Equal(
            (recorded, 0L, 0, 10L),
            (view["spentTokens"]!.GetValue<long>(), view["reservedTokens"]!.GetValue<long>(), view["reservations"]!.GetValue<int>(), view["leftTokens"]!.GetValue<long>()));
    }

    private static async Task StartAsync(ServeProcess host, string id)
    {
        using var response = await host.Http.PostAsJsonAsync($"/api/loops/{Loop}?instanceId={id}", new { });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"start {id} on {host.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The loop <see cref="Loop"/> (one iteration, on the pool) and its agent: it appends its run and the pid of
    /// the <c>loopfn serve</c> running it to <paramref name="marks"/>, fixes the demo and reports <see cref="StepTokens"/>.
    /// Unconfined, so that the worker is its ancestor in the host's process table.</summary>
    private static async Task WriteLoopAsync(AzureCluster cluster, string marks)
    {
        var agent = Path.Combine(cluster.Root, "pooled-agent.sh");
        await File.WriteAllTextAsync(agent, $$"""
            #!/usr/bin/env bash
            set -euo pipefail
            pid=$$
            while [[ "$pid" -gt 1 ]] && ! tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q 'loopfn.dll serve'; do
              pid=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f2)
            done
            tree="$1"
            run="${tree%/tree}"
            printf '%s %s\n' "${run##*/}" "$pid" >> "{{marks}}"
            cd "$1"
            sed -i '4s/-/+/' src/calc.sh
            echo '{"summary": "fixed add", "usage": {"input_tokens": {{StepTokens - 300}}, "output_tokens": 300} }'

            """);
        var loop = LoopFiles.Quick(cluster.Repository, agent, agentExtra: "sandbox: none\n  max_output_tokens: 1000")
            .Replace("  max_iterations: 3", $"  max_iterations: 1\n  pool: {Pool}", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(cluster.Root, "loops", Loop + ".md"), loop);
    }

    private static string? Outcome(JsonObject status) => status["output"]?["outcome"]?.ToString();

    private static long SpentTokens(JsonObject status) =>
        status["output"]!["spent"]!["inputTokens"]!.GetValue<long>() + status["output"]!["spent"]!["outputTokens"]!.GetValue<long>();

    private static bool IsTerminal(JsonObject status) => status["runtimeStatus"]?.ToString() is "Completed" or "Failed" or "Terminated";

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    [GeneratedRegex(@"pool-\d{2}")]
    private static partial Regex RunIdPattern();
}

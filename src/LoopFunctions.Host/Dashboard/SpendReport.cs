using System.Text.Json;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Ledger;
using LoopFunctions.Loops.Orchestration;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Dashboard;

/// <summary>Cost and verified rate per loop per day, and cost per verified run per loop and model, read from the
/// results of finished loop runs.</summary>
internal static class SpendReport
{
    public static async Task<IReadOnlyList<SpendRow>> BuildAsync(DurableTaskClient client, DateTime? since, CancellationToken ct)
    {
        var rows = new Dictionary<(string Loop, string Day), SpendRow>();
        await foreach (var (created, result) in ResultsAsync(client, since, ct).ConfigureAwait(false))
        {
            var key = (result.Loop, created.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            var row = rows.GetValueOrDefault(key) ?? new SpendRow(key.Loop, key.Item2, 0, 0, 0, 0m);
            rows[key] = row with
            {
                Runs = row.Runs + 1,
                Verified = row.Verified + (result.Outcome == LoopOutcome.Verified ? 1 : 0),
                Tokens = row.Tokens + result.Spent.InputTokens + result.Spent.OutputTokens,
                CostUsd = row.CostUsd + result.Spent.CostUsd,
            };
        }

        return rows.Values.OrderBy(r => r.Day, StringComparer.Ordinal).ThenBy(r => r.Loop, StringComparer.Ordinal).ToList();
    }

    /// <summary>Per loop and model (<c>agent.models</c>): steps, spend, the runs it finished and the cost per verified run.</summary>
    public static async Task<IReadOnlyList<ModelCost>> ModelsAsync(DurableTaskClient client, DateTime? since, CancellationToken ct)
    {
        var results = new List<LoopResult>();
        await foreach (var (_, result) in ResultsAsync(client, since, ct).ConfigureAwait(false))
        {
            results.Add(result);
        }

        return ModelCosts.Summarise(results);
    }

    private static async IAsyncEnumerable<(DateTimeOffset Created, LoopResult Result)> ResultsAsync(DurableTaskClient client, DateTime? since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var query = new OrchestrationQuery(CreatedFrom: since, Statuses: [OrchestrationRuntimeStatus.Completed], PageSize: 500, FetchInputsAndOutputs: true);
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(ct).ConfigureAwait(false))
        {
            if (!instance.Name.Equals(LoopActivityNames.Orchestrator, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            LoopResult? result;
            try
            {
                result = instance.SerializedOutput is { } output ? JsonSerializer.Deserialize<LoopResult>(output, LoopSerialization.Options) : null;
            }
            catch (JsonException)
            {
                continue;
            }

            if (result is not null)
            {
                yield return (instance.CreatedAt, result);
            }
        }
    }
}

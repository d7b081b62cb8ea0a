using System.Globalization;
using System.Text.Json.Nodes;

namespace LoopFunctions.Benchmarks;

/// <summary>
/// <c>--guard FILE</c>: compares this invocation's CPU per work item (the median of its runs'
/// <c>worker_cpu_s_per_1k</c>) with the previous invocation of the same configuration recorded in FILE, then appends
/// this invocation's lines to FILE so the next one compares with it. CPU, not throughput: wall time moves with the
/// machine's load, CPU per work item much less.
/// </summary>
internal static class RegressionGuard
{
    /// <summary>The fields that make two lines the same configuration.</summary>
    private static readonly string[] Key = ["scenario", "provider", "n", "sync", "sessions", "handoff", "workers", "orchestration_slots"];

    private const string Metric = "worker_cpu_s_per_1k";

    /// <summary>Prints the verdict on stderr; false when this run used more CPU per work item than the previous
    /// recorded one by more than <paramref name="tolerance"/> (a fraction).</summary>
    public static bool Check(string file, IReadOnlyList<string> lines, double tolerance)
    {
        var previous = File.Exists(file) ? File.ReadAllLines(file) : [];
        var ok = true;
        foreach (var group in lines.Select(l => JsonNode.Parse(l)!.AsObject()).GroupBy(KeyOf))
        {
            var now = Median(group.Select(CpuOf));
            var before = Median(LastInvocation(previous, group.Key).Select(CpuOf));
            if (now is null)
            {
                continue;
            }

            if (before is null)
            {
                Console.Error.WriteLine($"guard {group.Key}: no previous run recorded in {file}; this one is ({now:0.###} s CPU per 1k work items)");
                continue;
            }

            var change = now.Value / before.Value - 1;
            var verdict = change > tolerance ? "REGRESSION" : "guard ok";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{verdict} {group.Key}: {now:0.###} s CPU per 1k work items, previous {before:0.###} ({change:+0.0%;-0.0%}; tolerance {tolerance:0%})"));
            ok &= change <= tolerance;
        }

        File.AppendAllLines(file, lines);
        return ok;
    }

    /// <summary>The lines of the last recorded invocation with this key: from its last matching line back to the
    /// one with <c>run</c> 1.</summary>
    private static List<JsonObject> LastInvocation(string[] previous, string key)
    {
        var found = new List<JsonObject>();
        for (var i = previous.Length - 1; i >= 0; i--)
        {
            if (!previous[i].StartsWith('{') || JsonNode.Parse(previous[i]) is not JsonObject row || KeyOf(row) != key)
            {
                continue;
            }

            found.Add(row);
            if (row["run"]?.GetValue<int>() is null or 1)
            {
                break;
            }
        }

        return found;
    }

    private static string KeyOf(JsonObject row) =>
        string.Join(' ', Key.Select(k => $"{k}={row[k]?.ToJsonString().Trim('"') ?? "-"}"));

    private static double? CpuOf(JsonObject row) =>
        row[Metric] is JsonValue value && value.TryGetValue<double>(out var cpu) ? cpu : null;

    private static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToArray();
        return sorted.Length == 0 ? null
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

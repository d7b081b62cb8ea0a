using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoopFunctions.Benchmarks;

/// <summary>One JSON line: the common fields every scenario prints, plus scenario-specific ones.</summary>
internal sealed record BenchResult(string Scenario, string Provider, int N, double Seconds, double PerSec, double? P50Ms, double? P99Ms, double RssMb)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonExtensionData]
    public Dictionary<string, object?> Extra { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)], 3);
    }
}

using System.Text.Json;

namespace LoopFunctions.Loops.Agents.Cli;

/// <summary>
/// Finds the self-report of an agent CLI in its stdout: the whole output as one JSON object (as <c>claude -p
/// --output-format json</c> prints), or else the last line that is a JSON object with a known field. Known fields:
/// <c>summary</c>/<c>result</c>; <c>input_tokens</c>/<c>output_tokens</c> at the top or under <c>usage</c>, or
/// <c>usage.prompt_tokens</c>/<c>usage.completion_tokens</c>; <c>cost_usd</c>/<c>total_cost_usd</c>. Cache read and
/// cache creation input tokens count as input tokens.
/// </summary>
internal static class AgentOutputParser
{
    private static readonly string[] InputFields = ["input_tokens", "prompt_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"];
    private static readonly string[] OutputFields = ["output_tokens", "completion_tokens"];

    public static AgentOutputReport? Parse(string stdout)
    {
        var trimmed = stdout.Trim();
        if (trimmed.StartsWith('{') && trimmed.EndsWith('}') && TryRead(trimmed, out var whole))
        {
            return whole;
        }

        var lines = trimmed.Split('\n');
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i].Trim();
            if (line.StartsWith('{') && line.EndsWith('}') && TryRead(line, out var report))
            {
                return report;
            }
        }

        return null;
    }

    private static bool TryRead(string json, out AgentOutputReport? report)
    {
        report = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var problems = new List<string>();
            var summary = Text(root, "summary") ?? Text(root, "result");
            var usageObject = root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? u : (JsonElement?)null;
            var input = Sum(root, InputFields, problems) ?? (usageObject is { } a ? Sum(a, InputFields, problems) : null);
            var output = Sum(root, OutputFields, problems) ?? (usageObject is { } b ? Sum(b, OutputFields, problems) : null);
            var cost = Number(root, "cost_usd", UsageLimits.MaxCostUsd, wholeNumber: false, problems) ?? Number(root, "total_cost_usd", UsageLimits.MaxCostUsd, wholeNumber: false, problems);
            if (summary is null && input is null && output is null && cost is null && problems.Count == 0)
            {
                return false;
            }

            var usage = input is null && output is null ? null : new TokenUsage((long)(input ?? 0), (long)(output ?? 0));
            report = new AgentOutputReport(summary, usage, cost, problems.Count == 0 ? null : string.Join("; ", problems));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static decimal? Sum(JsonElement element, string[] fields, List<string> problems)
    {
        decimal? total = null;
        foreach (var field in fields)
        {
            if (Number(element, field, UsageLimits.MaxTokens, wholeNumber: true, problems) is { } value)
            {
                total = (total ?? 0) + value;
            }
        }

        return total;
    }

    private static decimal? Number(JsonElement element, string name, decimal max, bool wholeNumber, List<string> problems) =>
        CodingClis.CliJson.Number(element, problems, max, wholeNumber, name);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}

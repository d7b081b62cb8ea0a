using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LoopFunctions.Loops.Orchestration.Steps;

namespace LoopFunctions.Loops.Review;

/// <summary>Reads a reviewer's findings: JSON <c>{"findings": [{"severity", "path", "line", "text"}]}</c> (a model's
/// answer, or a review command's output), or else one finding per non-empty line, <c>path:line: text</c> when it has
/// that shape.</summary>
internal static partial class FindingsParser
{
    public const int MaxTextChars = 1_000;

    /// <returns>Every finding, numbered from 1; <paramref name="max"/> at most, the rest counted in Omitted.</returns>
    public static (IReadOnlyList<ReviewFinding> Findings, int Omitted) Parse(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var raw = TryJson(text) ?? Lines(text);
        var findings = raw.Take(max).Select((f, i) => f with { Number = i + 1 }).ToList();
        return (findings, Math.Max(0, raw.Count - max));
    }

    /// <summary>The JSON shape only; null when <paramref name="text"/> is not that JSON.</summary>
    public static List<ReviewFinding>? TryJson(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            trimmed = trimmed.Trim('`').Trim();
            trimmed = trimmed.StartsWith("json", StringComparison.OrdinalIgnoreCase) ? trimmed[4..] : trimmed;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("findings", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var findings = new List<ReviewFinding>();
            foreach (var item in list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                var body = Text(item, "text") ?? Text(item, "message") ?? Text(item, "description");
                if (string.IsNullOrWhiteSpace(body))
                {
                    continue;
                }

                var line = item.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var n) && n > 0 ? n : (int?)null;
                findings.Add(new ReviewFinding(0, Severity(Text(item, "severity")), Clean(Text(item, "path"), 300), line, Clean(body, MaxTextChars)!));
            }

            return findings;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<ReviewFinding> Lines(string text) => text
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.TrimStart('-', '*', ' '))
        .Where(line => line.Length > 0)
        .Select(line => LocatedRegex().Match(line) is { Success: true } m
            ? new ReviewFinding(0, "medium", m.Groups["path"].Value, int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture), Clean(m.Groups["text"].Value, MaxTextChars)!)
            : new ReviewFinding(0, "medium", null, null, Clean(line, MaxTextChars)!))
        .ToList();

    private static string Severity(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "high" or "critical" or "error" or "blocker" => "high",
        "low" or "info" or "nit" or "minor" => "low",
        _ => "medium",
    };

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Clean(string? text, int max)
    {
        if (text is null)
        {
            return null;
        }

        var flat = text.Trim();
        return flat.Length > max ? flat[..max] + "..." : flat;
    }

    [GeneratedRegex(@"^(?<path>[^\s:]+\.[A-Za-z0-9]+):(?<line>\d{1,7}):\s*(?<text>.+)$")]
    private static partial Regex LocatedRegex();
}

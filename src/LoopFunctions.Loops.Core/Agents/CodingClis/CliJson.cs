using System.Globalization;
using System.Text.Json;

namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>Reading the CLIs' JSON output: objects one per line (a whole-output object is one line too once
/// trimmed), and reported figures that are checked before they are counted.</summary>
internal static class CliJson
{
    /// <summary>Every line of <paramref name="stdout"/> that is a JSON object; other lines (warnings, progress) are
    /// skipped. A pretty-printed single object is read whole.</summary>
    public static IEnumerable<JsonElement> Objects(string stdout)
    {
        var trimmed = stdout.Trim();
        if (trimmed.StartsWith('{') && trimmed.EndsWith('}') && TryParse(trimmed) is { } whole)
        {
            yield return whole;
            yield break;
        }

        foreach (var line in trimmed.Split('\n'))
        {
            var text = line.Trim();
            if (text.StartsWith('{') && text.EndsWith('}') && TryParse(text) is { } element)
            {
                yield return element;
            }
        }
    }

    public static JsonElement? Property(JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static string? Text(JsonElement element, params string[] path) =>
        Property(element, path) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    public static bool Flag(JsonElement element, params string[] path) =>
        Property(element, path) is { ValueKind: JsonValueKind.True };

    /// <summary>A token count at <paramref name="path"/>: a whole number from 0 to <see cref="UsageLimits.MaxTokens"/>.
    /// Anything else that is present is added to <paramref name="problems"/>, never read as 0.</summary>
    public static long? Tokens(JsonElement element, List<string> problems, params string[] path) =>
        Number(element, problems, UsageLimits.MaxTokens, wholeNumber: true, path) is { } value ? (long)value : null;

    /// <summary>An amount in USD at <paramref name="path"/>, checked like <see cref="Tokens"/>.</summary>
    public static decimal? Cost(JsonElement element, List<string> problems, params string[] path) =>
        Number(element, problems, UsageLimits.MaxCostUsd, wholeNumber: false, path);

    /// <summary>A reported figure: a JSON number (or a numeric string) from 0 to <paramref name="max"/>; anything else
    /// that is present is a problem, never a silent zero.</summary>
    public static decimal? Number(JsonElement element, List<string> problems, decimal max, bool wholeNumber, params string[] path)
    {
        if (Property(element, path) is not { } value)
        {
            return null;
        }

        decimal? number = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var n) => n,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        if (number is not { } valid || valid < 0 || valid > max || (wholeNumber && decimal.Truncate(valid) != valid))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{string.Join('.', path)} is {value.GetRawText()}, not {(wholeNumber ? "a whole number" : "an amount")} from 0 to {max:N0}"));
            return null;
        }

        return valid;
    }

    private static JsonElement? TryParse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

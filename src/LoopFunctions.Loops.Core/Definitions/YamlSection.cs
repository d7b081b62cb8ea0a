using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace LoopFunctions.Loops.Definitions;

/// <summary>
/// Reads one YAML mapping of a loop file: typed values with their file line, unknown keys reported with a
/// "did you mean" suggestion. Every problem is collected, never thrown, so one pass reports them all.
/// </summary>
internal sealed class YamlSection
{
    private readonly LoopFileErrors _errors;
    private readonly YamlMappingNode _node;
    private readonly string _path;

    public YamlSection(LoopFileErrors errors, YamlMappingNode node, string path, params string[] keys)
    {
        (_errors, _node, _path) = (errors, node, path);
        foreach (var entry in node.Children)
        {
            var key = (entry.Key as YamlScalarNode)?.Value ?? "";
            if (!keys.Contains(key, StringComparer.Ordinal))
            {
                var suggestion = keys.MinBy(k => Distance(k, key));
                var hint = suggestion is not null && Distance(suggestion, key) <= 3 ? $"; did you mean '{suggestion}'?" : $"; known keys: {string.Join(", ", keys)}";
                errors.Add(entry.Key, $"unknown key '{Qualified(key)}'{hint}");
            }
        }
    }

    public YamlNode Node => _node;

    /// <summary>Where this section reports its problems, for a nested section read by hand (a list of mappings).</summary>
    public LoopFileErrors Errors => _errors;

    public YamlNode? Get(string key) =>
        _node.Children.FirstOrDefault(e => (e.Key as YamlScalarNode)?.Value == key).Value;

    public string? String(string key, bool required = false)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required)
            {
                _errors.Add(_node, $"'{Qualified(key)}' is required");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        _errors.Add(node, $"'{Qualified(key)}' must be a text value");
        return null;
    }

    public int Int(string key, int defaultValue, int min, int max)
    {
        var text = String(key);
        if (text is null)
        {
            return defaultValue;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _errors.Add(Get(key)!, $"'{Qualified(key)}' must be a whole number from {min} to {max}, not '{text}'");
        return defaultValue;
    }

    public long? Long(string key, long min)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        _errors.Add(Get(key)!, $"'{Qualified(key)}' must be a whole number of at least {min}, not '{text}'");
        return null;
    }

    public decimal? Decimal(string key, decimal min)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        _errors.Add(Get(key)!, $"'{Qualified(key)}' must be a number of at least {min}, not '{text}'");
        return null;
    }

    public double? Double(string key, double min, double max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _errors.Add(Get(key)!, $"'{Qualified(key)}' must be a number from {min} to {max}, not '{text}'");
        return null;
    }

    public bool Bool(string key, bool defaultValue)
    {
        var text = String(key);
        return text switch
        {
            null => defaultValue,
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => Invalid(),
        };

        bool Invalid()
        {
            _errors.Add(Get(key)!, $"'{Qualified(key)}' must be true or false, not '{text}'");
            return defaultValue;
        }
    }

    /// <summary>Durations like <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>, <c>500ms</c> or <c>00:10:00</c>, at most
    /// <paramref name="max"/> (default <see cref="DurationParser.Max"/>).</summary>
    public TimeSpan? Duration(string key, TimeSpan? max = null)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        var limit = max ?? DurationParser.Max;
        if (DurationParser.TryParse(text, out var value) && value > TimeSpan.Zero && value <= limit)
        {
            return value;
        }

        if (value > limit)
        {
            _errors.Add(Get(key)!, string.Create(CultureInfo.InvariantCulture, $"'{Qualified(key)}' must be at most {limit.TotalDays:0}d, not '{text}'"));
            return null;
        }

        _errors.Add(Get(key)!, $"'{Qualified(key)}' must be a duration such as 30s, 10m, 2h, 1d or 00:10:00, not '{text}'");
        return null;
    }

    /// <summary>A list of text values; a single value is a list of one.</summary>
    public IReadOnlyList<string>? List(string key)
    {
        var node = Get(key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode { Value: { } single }:
                return [single];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode { Value: { } value })
                    {
                        items.Add(value);
                    }
                    else
                    {
                        _errors.Add(item, $"'{Qualified(key)}' must be a list of text values");
                    }
                }

                return items;
            default:
                _errors.Add(node, $"'{Qualified(key)}' must be a list of text values");
                return null;
        }
    }

    public YamlSection? Map(string key, params string[] keys)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlMappingNode mapping)
        {
            return new YamlSection(_errors, mapping, Qualified(key), keys);
        }

        _errors.Add(node, $"'{Qualified(key)}' must be a mapping of keys to values");
        return null;
    }

    public void Error(string key, string message) => _errors.Add(Get(key) ?? _node, message);

    private string Qualified(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}

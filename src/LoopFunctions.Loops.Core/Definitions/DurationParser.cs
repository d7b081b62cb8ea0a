using System.Globalization;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Durations in loop files: <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>, or a TimeSpan <c>00:10:00</c>.</summary>
public static class DurationParser
{
    /// <summary>The longest duration a loop file may give: ten years. Longer ones cannot be added to a date without
    /// overflowing, so they are rejected when the file is read, not when the run needs them.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    /// <summary>The longest time limit a process or a request can be given: a .NET timer waits at most about 49 days.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(49);

    /// <summary>False for text that is no duration, and for a duration beyond <see cref="Max"/>.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        (string Suffix, Func<double, TimeSpan> Make)[] units =
        [
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
        ];
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && number >= 0)
            {
                // TimeSpan.From* throws past TimeSpan.MaxValue (and for NaN/infinity); a bound in days avoids both.
                var days = suffix switch { "ms" => number / 86_400_000, "s" => number / 86_400, "m" => number / 1440, "h" => number / 24, _ => number };
                value = double.IsFinite(days) && days <= Max.TotalDays ? make(number) : TimeSpan.MaxValue;
                return value <= Max;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value <= Max;
    }
}

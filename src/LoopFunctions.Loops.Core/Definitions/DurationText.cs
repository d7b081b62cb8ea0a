using System.Globalization;

namespace LoopFunctions.Loops.Definitions;

/// <summary>Durations and amounts in messages, written the way loop files write them: <c>10s</c>, <c>30m</c>,
/// <c>$0.035</c>.</summary>
public static class DurationText
{
    /// <summary>A configured duration in its largest whole unit: <c>2h</c>, <c>90s</c>, <c>500ms</c>.</summary>
    public static string Format(TimeSpan value)
    {
        (long Ticks, string Unit)[] units = [(TimeSpan.TicksPerDay, "d"), (TimeSpan.TicksPerHour, "h"), (TimeSpan.TicksPerMinute, "m"), (TimeSpan.TicksPerSecond, "s"), (TimeSpan.TicksPerMillisecond, "ms")];
        foreach (var (ticks, unit) in units)
        {
            if (value.Ticks != 0 && value.Ticks % ticks == 0)
            {
                return (value.Ticks / ticks).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
    }

    /// <summary>Time that passed: <c>12.5s</c>, <c>3m05s</c>, <c>1h02m</c>.</summary>
    public static string Elapsed(TimeSpan value) => value.TotalSeconds switch
    {
        < 60 => value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s",
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalMinutes}m{value.Seconds:00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalHours}h{value.Minutes:00}m"),
    };

    /// <summary>An amount in USD with as many decimals as it has, at least two: <c>$0.035</c>, <c>$2.00</c>.</summary>
    public static string Usd(decimal value) => "$" + value.ToString("0.00##########", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace LoopFunctions.Loops.Definitions.Scheduling;

/// <summary>
/// An NCRONTAB expression as Azure Functions timer triggers use: <c>second minute hour day month day-of-week</c>
/// (five fields means second 0). Fields take <c>*</c>, numbers, ranges <c>a-b</c>, lists <c>a,b</c>, steps
/// <c>*/n</c> or <c>a-b/n</c>, and names (<c>JAN</c>, <c>MON</c>). Day-of-week 0 and 7 are Sunday.
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _seconds;
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;

    private CronSchedule(string expression, bool[][] fields)
    {
        Expression = expression;
        (_seconds, _minutes, _hours, _days, _months, _weekdays) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    public string Expression { get; }

    /// <exception cref="FormatException">The expression is invalid; the message names the field and why.</exception>
    public static CronSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (5 or 6))
        {
            throw new FormatException($"'{expression}' has {parts.Length} fields; NCRONTAB needs 6 (second minute hour day month day-of-week) or 5.");
        }

        if (parts.Length == 5)
        {
            parts = ["0", .. parts];
        }

        string[] names = ["second", "minute", "hour", "day", "month", "day-of-week"];
        (int Min, int Max, string[]? Names)[] ranges = [(0, 59, null), (0, 59, null), (0, 23, null), (1, 31, null), (1, 12, Months), (0, 7, Days)];
        var fields = new bool[6][];
        for (var i = 0; i < 6; i++)
        {
            fields[i] = ParseField(parts[i], names[i], ranges[i].Min, ranges[i].Max, ranges[i].Names);
        }

        fields[5][0] |= fields[5][7]; // 7 is Sunday too
        return new CronSchedule(expression, fields);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> in <paramref name="zone"/>, or null
    /// when there is none within five years (e.g. 30 February). Local times skipped by a DST change are skipped; a
    /// local time that occurs twice fires once, at its first occurrence.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var day = local.Date;
        for (var d = 0; d < 366 * 5; d++, day = day.AddDays(1))
        {
            if (!_months[day.Month] || !_days[day.Day] || !_weekdays[(int)day.DayOfWeek])
            {
                continue;
            }

            for (var h = 0; h < 24; h++)
            {
                // An hour that ended two hours before 'after' cannot hold the answer, whatever DST does in between.
                if (!_hours[h] || day.AddHours(h + 3) < local)
                {
                    continue;
                }

                for (var m = 0; m < 60; m++)
                {
                    if (!_minutes[m])
                    {
                        continue;
                    }

                    for (var s = 0; s < 60; s++)
                    {
                        if (!_seconds[s])
                        {
                            continue;
                        }

                        var candidate = day.AddHours(h).AddMinutes(m).AddSeconds(s);
                        if (zone.IsInvalidTime(candidate))
                        {
                            continue;
                        }

                        var offset = zone.IsAmbiguousTime(candidate) ? zone.GetAmbiguousTimeOffsets(candidate).Max() : zone.GetUtcOffset(candidate);
                        var instant = new DateTimeOffset(candidate, offset);
                        if (instant > after)
                        {
                            return instant;
                        }
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The same schedule as Azure Functions' timer trigger (NCRONTAB) reads it: six fields, each <c>*</c> or a
    /// list of values and ranges, Sunday as 0 (NCRONTAB has no 7). <c>"0 0 2 * * *"</c> stays as it is; a five-field
    /// expression gets its second 0, names become numbers, steps become lists.</summary>
    public string ToNCrontab() => string.Join(' ',
        Render(_seconds, 0, 59), Render(_minutes, 0, 59), Render(_hours, 0, 23), Render(_days, 1, 31), Render(_months, 1, 12), Render(_weekdays, 0, 6));

    private static string Render(bool[] set, int min, int max)
    {
        var parts = new List<string>();
        for (var v = min; v <= max; v++)
        {
            if (!set[v])
            {
                continue;
            }

            var end = v;
            while (end < max && set[end + 1])
            {
                end++;
            }

            if (v == min && end == max)
            {
                return "*";
            }

            parts.Add(end == v ? v.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{v}-{end}"));
            v = end;
        }

        return string.Join(',', parts);
    }

    private static bool[] ParseField(string field, string name, int min, int max, string[]? names)
    {
        var set = new bool[max + 1];
        foreach (var item in field.Split(','))
        {
            var (rangePart, step) = item.Split('/') switch
            {
                [var r] => (r, 1),
                [var r, var s] when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => (r, n),
                _ => throw new FormatException($"the {name} field '{field}' has an invalid step in '{item}'."),
            };
            int from, to;
            if (rangePart == "*")
            {
                (from, to) = (min, max);
            }
            else if (rangePart.Split('-') is [var a, var b])
            {
                (from, to) = (Value(a, name, min, max, names), Value(b, name, min, max, names));
            }
            else
            {
                from = Value(rangePart, name, min, max, names);
                to = step > 1 ? max : from;
            }

            if (from > to)
            {
                throw new FormatException($"the {name} field '{field}' has a range that runs backwards: '{rangePart}'.");
            }

            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }

        return set;
    }

    private static int Value(string text, string name, int min, int max, string[]? names)
    {
        var index = names is null ? -1 : Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            return index + min;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"the {name} field value '{text}' is not a number from {min} to {max}{(names is null ? "" : " or a name like " + names[0])}.");
    }
}

using System.Globalization;
using NCrontab;

namespace LoopFunctions.Loops.Definitions.Scheduling;

/// <summary>What loop files have always accepted or refused beyond NCrontab's own reading of a field.</summary>
internal static class CronRules
{
    /// <summary>Day-of-week 7 as Sunday, as cron has it (NCrontab knows only 0): a plain <c>7</c> and a range ending
    /// at 7 are rewritten. With a step, 7 is left for NCrontab to refuse.</summary>
    public static string SundayAsZero(string field) => string.Join(',', field.Split(',').Select(item => item switch
    {
        "7" or "7-7" => "0",
        _ when !item.Contains('/', StringComparison.Ordinal) && item.EndsWith("-7", StringComparison.Ordinal) => item[..^2] + "-6,0",
        _ => item,
    }));

    /// <summary>The reason the field breaks one of our rules, or null: a step is a whole number above 0 (NCrontab
    /// reads <c>*/0</c> as every value), and a range does not run backwards (NCrontab swaps its ends, so
    /// <c>FRI-MON</c> would silently mean Monday to Friday).</summary>
    public static string? Check(CrontabFieldKind kind, string field)
    {
        foreach (var item in field.Split(','))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && !(int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step > 0))
            {
                return $"the step in '{item}' must be a whole number above 0";
            }

            var range = (slash >= 0 ? item[..slash] : item).Split('-');
            if (range is [var from, var to] && Value(kind, from) > Value(kind, to))
            {
                return $"the range '{item}' runs backwards";
            }
        }

        return null;
    }

    private static int Value(CrontabFieldKind kind, string text) => CrontabField.TryParse(kind, text, f => f.GetFirst(), _ => -1);
}

using NCrontab;

namespace LoopFunctions.Loops.Definitions.Scheduling;

/// <summary>
/// An NCRONTAB expression as Azure Functions timer triggers use: <c>second minute hour day month day-of-week</c>
/// (five fields means second 0), read by NCrontab, the library the Functions timer trigger itself uses, so
/// <c>loopfn serve</c> and the Functions app agree on every fire time. Day-of-week 0 and 7 are Sunday.
/// </summary>
public sealed class CronSchedule
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };
    private static readonly string[] FieldNames = ["second", "minute", "hour", "day", "month", "day-of-week"];

    /// <summary>How far ahead an occurrence is looked for (30 February never comes).</summary>
    private const int SearchYears = 5;

    private readonly CrontabSchedule _schedule;

    private CronSchedule(string expression, CrontabSchedule schedule) => (Expression, _schedule) = (expression, schedule);

    /// <summary>The expression as the loop file wrote it.</summary>
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

        string[] written = parts.Length == 5 ? ["0", .. parts] : parts;
        var fields = written.ToArray();
        fields[5] = CronRules.SundayAsZero(fields[5]);
        for (var i = 0; i < fields.Length; i++)
        {
            // Field by field, so the message names the field the library refused.
            if (Refusal((CrontabFieldKind)i, fields[i]) is { } reason)
            {
                throw new FormatException($"the {FieldNames[i]} field value '{written[i]}' is not valid: {reason}");
            }
        }

        return new CronSchedule(expression, CrontabSchedule.Parse(string.Join(' ', fields), WithSeconds));
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> in <paramref name="zone"/>, or null
    /// when there is none within five years (e.g. 30 February). Local times skipped by a DST change are skipped; a
    /// local time that occurs twice fires once, at its first occurrence.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);

        // NCrontab counts wall-clock time; the zone decides which wall-clock times exist and when. Wall time to instant
        // is monotonic (a repeated time maps to its first instant), so no occurrence before the wall time of 'after' can
        // be later than 'after'; those after it may still be earlier (inside a repeated hour), hence the loop.
        var local = DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(after, zone).DateTime, DateTimeKind.Unspecified);
        foreach (var candidate in _schedule.GetNextOccurrences(local, local.AddYears(SearchYears)))
        {
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

        return null;
    }

    /// <summary>The same schedule as Azure Functions' timer trigger (NCRONTAB) reads it: six fields, each <c>*</c> or a
    /// list of values and ranges, Sunday as 0 (NCRONTAB has no 7). <c>"0 0 2 * * *"</c> stays as it is; a five-field
    /// expression gets its second 0, names become numbers, steps become lists.</summary>
    public string ToNCrontab() => _schedule.ToString();

    private static string? Refusal(CrontabFieldKind kind, string field)
    {
        try
        {
            return CrontabField.TryParse<string?>(kind, field, _ => null, e => e().Message) ?? CronRules.Check(kind, field);
        }
        catch (OverflowException)
        {
            // NCrontab lets int.Parse's overflow through.
            return "a number in it is too large";
        }
    }
}

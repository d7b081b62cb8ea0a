using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Definitions.Scheduling;

namespace LoopFunctions.Triggers.Schedules;

/// <summary>A loop's schedule as an Azure Functions timer trigger: the NCRONTAB the timer fires on, and which loop
/// occurrence (if any) one firing stands for.</summary>
/// <remarks>
/// <para>A Functions timer fires in UTC (<c>WEBSITE_TIME_ZONE</c> is app-wide, and not available on Linux
/// Consumption or Flex Consumption), while a loop may name its own <c>time_zone</c>. A UTC loop's timer fires exactly on
/// the loop's schedule. A loop in another zone gets a timer that fires at every UTC hour at the loop's second and minute
/// (at every minute when the zone's offset is not a whole number of hours), and a firing starts a run only when its
/// instant is an occurrence of the loop in its zone, decided by the same <see cref="CronSchedule"/> as
/// <c>loopfn serve</c> uses, DST rules included.</para>
/// <para>The instant a firing stands for is the timer schedule's latest instant at or before the firing time plus
/// <see cref="EarlyFire"/>, so a timer that fires slightly late or slightly early still counts as its occurrence.</para>
/// </remarks>
public static class TimerSchedule
{
    /// <summary>How early a timer may fire and still count as the occurrence it was set for.</summary>
    public static readonly TimeSpan EarlyFire = TimeSpan.FromSeconds(1);

    /// <summary>The NCRONTAB the Functions timer of <paramref name="schedule"/> (a <c>schedule</c> trigger) fires on.</summary>
    /// <exception cref="ArgumentException">The trigger is not a schedule.</exception>
    /// <exception cref="FormatException">The expression is invalid (the loop parser has already rejected such a file).</exception>
    public static string For(TriggerSpec schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.Kind != TriggerKind.Schedule || schedule.Schedule is null)
        {
            throw new ArgumentException($"a '{EnumText.Of(schedule.Kind)}' trigger has no schedule", nameof(schedule));
        }

        var exact = CronSchedule.Parse(schedule.Schedule).ToNCrontab();
        var zone = Zone(schedule);
        if (IsUtc(zone))
        {
            return exact;
        }

        var fields = exact.Split(' ');
        return $"{fields[0]} {(HasWholeHourOffsets(zone) ? fields[1] : "*")} * * * *";
    }

    /// <summary>The occurrence of <paramref name="loop"/>'s schedule that a firing of its timer
    /// (<paramref name="timerSchedule"/>) at <paramref name="firedAt"/> stands for, or null when that instant is not an
    /// occurrence of the loop in its time zone (the timer of a loop in another zone fires more often than the loop runs).</summary>
    public static ScheduledFire? OccurrenceAt(LoopDefinition loop, string timerSchedule, DateTimeOffset firedAt)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(timerSchedule);
        if (ScheduleTable.LatestAtOrBefore(CronSchedule.Parse(timerSchedule), TimeZoneInfo.Utc, firedAt + EarlyFire) is not { } instant)
        {
            return null;
        }

        foreach (var trigger in loop.Triggers.Where(t => t.Kind == TriggerKind.Schedule && t.Schedule is not null))
        {
            var cron = CronSchedule.Parse(trigger.Schedule!);
            if (cron.GetNextOccurrence(instant.AddSeconds(-1), Zone(trigger)) == instant)
            {
                return new ScheduledFire(loop, trigger.Schedule!, trigger.TimeZone ?? "UTC", instant);
            }
        }

        return null;
    }

    private static TimeZoneInfo Zone(TriggerSpec trigger) => TimeZoneInfo.FindSystemTimeZoneById(trigger.TimeZone ?? "UTC");

    private static bool IsUtc(TimeZoneInfo zone) => zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime;

    /// <summary>True when every offset the zone uses from now on is a whole number of hours, so its local minutes
    /// are UTC minutes.</summary>
    private static bool HasWholeHourOffsets(TimeZoneInfo zone)
    {
        var today = DateTime.UtcNow.Date;
        return zone.BaseUtcOffset.Minutes == 0
            && zone.GetAdjustmentRules().Where(r => r.DateEnd >= today).All(r => (r.BaseUtcOffsetDelta + r.DaylightDelta).Minutes == 0);
    }
}

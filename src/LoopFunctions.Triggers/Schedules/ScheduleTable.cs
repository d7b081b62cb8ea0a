using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Definitions.Scheduling;

namespace LoopFunctions.Triggers.Schedules;

/// <summary>Occurrences of the schedules of a set of loops.</summary>
public static class ScheduleTable
{
    /// <summary>Every occurrence in (<paramref name="after"/>, <paramref name="until"/>], oldest first, at most
    /// <paramref name="limit"/> per schedule.</summary>
    public static IReadOnlyList<ScheduledFire> Between(IEnumerable<LoopDefinition> loops, DateTimeOffset after, DateTimeOffset until, int limit = 1000)
    {
        var fires = new List<ScheduledFire>();
        foreach (var (loop, trigger, cron, zone) in Schedules(loops))
        {
            var cursor = after;
            for (var i = 0; i < limit && cron.GetNextOccurrence(cursor, zone) is { } next && next <= until; i++)
            {
                fires.Add(new ScheduledFire(loop, trigger.Schedule!, trigger.TimeZone ?? "UTC", next));
                cursor = next;
            }
        }

        return fires.OrderBy(f => f.At).ThenBy(f => f.Loop.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The next occurrence of every schedule after <paramref name="after"/>, soonest first.</summary>
    public static IReadOnlyList<ScheduledFire> Next(IEnumerable<LoopDefinition> loops, DateTimeOffset after) =>
        Schedules(loops)
            .Select(s => s.Cron.GetNextOccurrence(after, s.Zone) is { } next ? new ScheduledFire(s.Loop, s.Trigger.Schedule!, s.Trigger.TimeZone ?? "UTC", next) : null)
            .OfType<ScheduledFire>()
            .OrderBy(f => f.At)
            .ToList();

    /// <summary>The latest occurrence of any schedule of <paramref name="loop"/> at or before <paramref name="instant"/>.</summary>
    public static ScheduledFire? LatestAtOrBefore(LoopDefinition loop, DateTimeOffset instant) =>
        Schedules([loop])
            .Select(s => LatestAtOrBefore(s.Cron, s.Zone, instant) is { } at ? new ScheduledFire(s.Loop, s.Trigger.Schedule!, s.Trigger.TimeZone ?? "UTC", at) : null)
            .OfType<ScheduledFire>()
            .MaxBy(f => f.At);

    /// <summary>The latest occurrence of <paramref name="cron"/> in <paramref name="zone"/> at or before
    /// <paramref name="instant"/>, or null when there was none in the five years before it.</summary>
    /// <remarks>Searched forward from ever earlier starting points (CronSchedule only looks forward), so the cost is
    /// a few occurrences of the schedule, not a scan of the whole span.</remarks>
    public static DateTimeOffset? LatestAtOrBefore(CronSchedule cron, TimeZoneInfo zone, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(cron);
        ArgumentNullException.ThrowIfNull(zone);
        for (var window = TimeSpan.FromMinutes(1); window <= TimeSpan.FromDays(366 * 5); window *= 4)
        {
            DateTimeOffset? latest = null;
            var cursor = instant - window;
            while (cron.GetNextOccurrence(cursor, zone) is { } next && next <= instant)
            {
                latest = next;
                cursor = next;
            }

            if (latest is not null)
            {
                return latest;
            }
        }

        return null;
    }

    private static IEnumerable<(LoopDefinition Loop, TriggerSpec Trigger, CronSchedule Cron, TimeZoneInfo Zone)> Schedules(IEnumerable<LoopDefinition> loops) =>
        from loop in loops
        from trigger in loop.Triggers
        where trigger.Kind == TriggerKind.Schedule && trigger.Schedule is not null
        select (loop, trigger, CronSchedule.Parse(trigger.Schedule!), TimeZoneInfo.FindSystemTimeZoneById(trigger.TimeZone ?? "UTC"));
}

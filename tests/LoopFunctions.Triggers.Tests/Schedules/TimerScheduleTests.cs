using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Definitions.Scheduling;
using LoopFunctions.Triggers.Schedules;
using LoopFunctions.Triggers.Tests.TestSupport;

namespace LoopFunctions.Triggers.Tests.Schedules;

public sealed class TimerScheduleTests : IDisposable
{
    private readonly LoopFolderFixture _loops = new();

    public void Dispose() => _loops.Dispose();

    [Theory]
    [InlineData("0 0 2 * * *", "0 0 2 * * *")]
    [InlineData("30 1 * * 1-5", "0 30 1 * * 1-5")]
    [InlineData("0 */15 * * * SUN,7", "0 0,15,30,45 * * * 0")]
    [InlineData("0 0 9 1 JAN-MAR MON-FRI", "0 0 9 1 1-3 1-5")]
    [InlineData("*/20 * * * * *", "0,20,40 * * * * *")]
    public void ToNCrontab_AnyExpression_SixNumericFieldsNCrontabReads(string expression, string expected)
    {
        Assert.Equal(expected, CronSchedule.Parse(expression).ToNCrontab());
    }

    [Fact]
    public void For_UtcLoop_FiresExactlyOnTheLoopSchedule()
    {
        Assert.Equal("0 0 2 * * 1-5", TimerSchedule.For(new TriggerSpec(TriggerKind.Schedule, "0 0 2 * * MON-FRI")));
    }

    [Fact]
    public void For_LoopInWholeHourZone_FiresHourlyAtItsMinute()
    {
        Assert.Equal("0 30 * * * *", TimerSchedule.For(new TriggerSpec(TriggerKind.Schedule, "0 30 1 * * 1-5", "Europe/Berlin")));
    }

    [Fact]
    public void For_LoopInHalfHourZone_FiresEveryMinuteAtItsSecond()
    {
        Assert.Equal("0 * * * * *", TimerSchedule.For(new TriggerSpec(TriggerKind.Schedule, "0 0 9 * * *", "Asia/Kolkata")));
    }

    [Theory]
    [InlineData("2026-01-05T01:00:00Z", "nightly-sched-20260105T010000Z")] // Monday 02:00 CET
    [InlineData("2026-07-06T00:00:00Z", "nightly-sched-20260706T000000Z")] // Monday 02:00 CEST
    [InlineData("2026-07-06T00:00:00.2Z", "nightly-sched-20260706T000000Z")] // fired a little late
    [InlineData("2026-07-05T23:59:59.5Z", "nightly-sched-20260706T000000Z")] // fired a little early
    [InlineData("2026-01-05T00:00:00Z", null)] // Monday 01:00 CET: the hourly timer, not the loop
    [InlineData("2026-01-04T01:00:00Z", null)] // Sunday
    public void OccurrenceAt_BerlinLoopOnItsHourlyTimer_OnlyRealOccurrencesStart(string firedAt, string? expectedId)
    {
        var loop = _loops.Write("nightly", "on:\n  schedule: { cron: \"0 0 2 * * 1-5\", time_zone: Europe/Berlin }");
        var timer = TimerSchedule.For(loop.Triggers.Single(t => t.Kind == TriggerKind.Schedule));

        var fire = TimerSchedule.OccurrenceAt(loop, timer, DateTimeOffset.Parse(firedAt, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expectedId, fire?.InstanceId);
    }

    [Fact]
    public void LatestAtOrBefore_SparseSchedule_FindsTheOccurrenceDaysBack()
    {
        var cron = CronSchedule.Parse("0 0 3 1 * *");
        var latest = ScheduleTable.LatestAtOrBefore(cron, TimeZoneInfo.Utc, new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero), latest);
    }
}

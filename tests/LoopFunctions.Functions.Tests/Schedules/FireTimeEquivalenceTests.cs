using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using LoopFunctions.Functions.Codegen;
using LoopFunctions.Functions.Schedules;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Triggers.Schedules;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace LoopFunctions.Functions.Tests.Schedules;

/// <summary><c>loopfn serve</c> and the Azure Functions app start the same scheduled runs at the same instants.</summary>
/// <remarks>
/// <para>Serve's side is <see cref="ScheduleTable.Between"/>, what its schedule service fires. The app's side is what
/// the Functions host does with the generated function: NCrontab reads the six-field expression the codegen wrote
/// into <c>[TimerTrigger]</c> and fires at each of its occurrences in UTC (the app sets no <c>WEBSITE_TIME_ZONE</c>);
/// each firing goes through <see cref="TimerSchedule.OccurrenceAt"/>, as <see cref="ScheduledLoopFunctions.RunAsync"/>
/// does, and starts the occurrence it stands for, if any.</para>
/// <para>Each case runs over a window chosen to hold its edge: DST changes (Europe 29 March and 25 October 2026, the
/// US 8 March and 1 November 2026, Lord Howe's half-hour shift 5 April and 4 October 2026), month ends, a leap day.</para>
/// </remarks>
public sealed partial class FireTimeEquivalenceTests : IDisposable
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    private readonly TempLoops _loops = new();

    public void Dispose() => _loops.Dispose();

    [Fact]
    public void ShippedSchedules_ServeAndFunctions_FireAtTheSameInstants()
    {
        var root = RepositoryRoot();
        var shipped = Directory.EnumerateFiles(Path.Combine(root, "loops"), "*.md")
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "samples"), "*.md", SearchOption.AllDirectories))
            .Select(path => LoopFileReader.LoadFile(path))
            .Where(l => l.Triggers.Any(t => t.Kind == TriggerKind.Schedule))
            .ToList();
        Assert.NotEmpty(shipped); // loops/nightly-deps.md at least: the check must not pass on nothing

        var timers = EmittedTimers(shipped);
        foreach (var (loop, timer) in timers)
        {
            // The app as built from loops/ carries the same [TimerTrigger] as the codegen writes now.
            if (Path.GetDirectoryName(loop.SourcePath) == Path.Combine(root, "loops"))
            {
                Assert.Equal(timer, CompiledTimer(loop.Name));
            }

            foreach (var (from, until) in new[] { (Utc("2026-03-20"), Utc("2026-04-10")), (Utc("2026-10-18"), Utc("2026-11-08")), (Utc("2026-12-24"), Utc("2027-01-08")) })
            {
                AssertSameFires(loop, timer, from, until);
            }
        }
    }

    [Theory]
    [InlineData("*/15 * * * *", "UTC", "2026-01-31", 2)] // every N minutes, five fields
    [InlineData("0 */7 * * * *", "UTC", "2026-01-31", 2)] // a step that does not divide the hour
    [InlineData("*/20 * * * * *", "UTC", "2026-01-31", 1)] // seconds
    [InlineData("0 30 9 * * MON-FRI", "UTC", "2026-01-01", 21)] // day-of-week range, names
    [InlineData("0 0 18 * * 5-7", "UTC", "2026-01-01", 21)] // ... ending at 7 (Sunday)
    [InlineData("0 0 12 * * SAT,SUN", "America/New_York", "2026-02-25", 21)]
    [InlineData("0 0 0 31 * *", "UTC", "2026-01-01", 366)] // month ends: only the months with a 31st
    [InlineData("0 0 23 28-31 * *", "Europe/Berlin", "2026-01-20", 120)]
    [InlineData("0 0 6 29 2 *", "UTC", "2026-01-01", 1500)] // leap day: 2028 only
    [InlineData("0 0 9 1 JAN-MAR MON-FRI", "UTC", "2026-01-01", 1100)] // day and weekday both required
    [InlineData("0 30 2 * * *", "Europe/Berlin", "2026-03-25", 10)] // 02:30 does not exist on 29 March
    [InlineData("0 30 2 * * *", "Europe/Berlin", "2026-10-20", 10)] // 02:30 comes twice on 25 October: fires once
    [InlineData("0 0,30 1-3 * * *", "America/New_York", "2026-03-05", 7)]
    [InlineData("0 0,30 1-3 * * *", "America/New_York", "2026-10-29", 7)]
    [InlineData("0 0 2 * * 1-5", "Europe/Berlin", "2026-03-25", 10)] // the shipped nightly-deps, around both changes
    [InlineData("0 0 2 * * 1-5", "Europe/Berlin", "2026-10-20", 10)]
    [InlineData("0 15 * * * *", "Asia/Kolkata", "2026-03-01", 2)] // +05:30: the timer fires every minute
    [InlineData("0 0 9 * * *", "Asia/Kathmandu", "2026-03-01", 3)] // +05:45
    [InlineData("0 0,30 1-3 * * *", "Australia/Lord_Howe", "2026-04-03", 4)] // DST of half an hour
    [InlineData("0 0,30 1-3 * * *", "Australia/Lord_Howe", "2026-10-02", 4)]
    public void EdgeCase_ServeAndFunctions_FireAtTheSameInstants(string cron, string zone, string from, int days)
    {
        var loop = LoopFileReader.LoadFile(_loops.Write("edge", $"on:\n  schedule: {{ cron: \"{cron}\", time_zone: {zone} }}"));
        var (_, timer) = Assert.Single(EmittedTimers([loop]));

        var fires = AssertSameFires(loop, timer, Utc(from), Utc(from).AddDays(days));

        Assert.NotEmpty(fires);
    }

    /// <summary>Asserts both hosts fire the same occurrences in (<paramref name="from"/>, <paramref name="until"/>];
    /// returns them.</summary>
    private static List<DateTimeOffset> AssertSameFires(LoopDefinition loop, string timer, DateTimeOffset from, DateTimeOffset until)
    {
        var serve = ScheduleTable.Between([loop], from, until, limit: int.MaxValue).Select(f => f.At).ToList();

        // NCrontab's end is exclusive, ScheduleTable's inclusive.
        var functions = CrontabSchedule.Parse(timer, WithSeconds)
            .GetNextOccurrences(from.UtcDateTime, until.UtcDateTime.AddSeconds(1))
            .Select(firing => TimerSchedule.OccurrenceAt(loop, timer, new DateTimeOffset(firing, TimeSpan.Zero)))
            .OfType<ScheduledFire>()
            .Select(f => f.At)
            .ToList();

        Assert.Equal(serve, functions);
        return serve;
    }

    /// <summary>Loop name and the expression the codegen writes into its <c>[TimerTrigger]</c>.</summary>
    private static List<(LoopDefinition Loop, string Timer)> EmittedTimers(IReadOnlyList<LoopDefinition> loops)
    {
        var problems = new List<string>();
        var source = ScheduledFunctionWriter.Generate(loops, problems);
        Assert.Empty(problems);
        return RunCall().Matches(source).Select(m => (loops.Single(l => l.Name == m.Groups[1].Value), m.Groups[2].Value)).ToList();
    }

    private static string? CompiledTimer(string loopName) =>
        typeof(ScheduledLoopFunctions).GetMethod(ScheduledFunctionWriter.FunctionName(loopName))?
            .GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()?.Schedule).OfType<string>().SingleOrDefault();

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root!.FullName, "LoopFunctions.sln")))
        {
            root = root.Parent;
        }

        return root.FullName;
    }

    private static DateTimeOffset Utc(string date) => DateTimeOffset.Parse(date + "T00:00:00Z", CultureInfo.InvariantCulture);

    [GeneratedRegex("""RunAsync\("([^"]+)", "([^"]+)", timer""")]
    private static partial Regex RunCall();
}

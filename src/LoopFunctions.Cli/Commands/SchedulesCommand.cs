using LoopFunctions.Triggers.Schedules;
using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn schedules [FOLDER] [--count N]</c>: the next fire times of every scheduled loop, in UTC and in
/// the schedule's own time zone.</summary>
internal static class SchedulesCommand
{
    public static Task<int> RunAsync(CommandLine line, TextWriter output, TextWriter error)
    {
        var count = line.IntOption("count", 3);
        line.EnsureAllRead();
        var folder = line.Positional.Count switch
        {
            0 => "loops",
            1 => line.Positional[0],
            _ => throw new UsageException("schedules takes at most one folder"),
        };
        var catalog = LoopCatalog.Load(folder);
        foreach (var problem in catalog.Errors)
        {
            error.WriteLine("error " + problem);
        }

        var now = DateTimeOffset.UtcNow;
        var fires = ScheduleTable.Next(catalog.Loops.Values, now);
        if (fires.Count == 0)
        {
            output.WriteLine($"no scheduled loops in {catalog.Folder}");
        }

        foreach (var first in fires)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(first.TimeZone);
            var upcoming = ScheduleTable.Between([first.Loop], now, DateTimeOffset.MaxValue.AddYears(-1), count)
                .Where(f => f.Expression == first.Expression).Take(count);
            output.WriteLine($"{first.Loop.Name}  \"{first.Expression}\" ({first.TimeZone})");
            foreach (var fire in upcoming)
            {
                output.WriteLine($"  {fire.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  ({TimeZoneInfo.ConvertTime(fire.At, zone):yyyy-MM-dd HH:mm:ss zzz} {first.TimeZone})");
            }
        }

        return Task.FromResult(catalog.Errors.Count > 0 ? ExitCodes.Error : ExitCodes.Success);
    }
}

using System.CommandLine;
using LoopFunctions.Triggers.Schedules;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn schedules [FOLDER] [--count N]</c>: the next fire times of every scheduled loop, in UTC and in
/// the schedule's own time zone.</summary>
internal sealed class SchedulesCommand : Command
{
    private readonly Argument<string> _folder = CliOptions.LoopsFolder("folder", "The folder of loop files");
    private readonly Option<int> _count = CliOptions.PositiveCount("--count", 3, "How many fire times per schedule");

    public SchedulesCommand()
        : base("schedules", "The next fire times of the scheduled loops, in UTC and in their time zone")
    {
        Arguments.Add(_folder);
        Options.Add(_count);
        SetAction(parse =>
        {
            var (output, error) = parse.Writers();
            return List(parse.GetValue(_folder)!, parse.GetValue(_count), output, error);
        });
    }

    private static int List(string folder, int count, TextWriter output, TextWriter error)
    {
        var catalog = LoopFileReader.Load(folder);
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

        return catalog.Errors.Count > 0 ? ExitCodes.Error : ExitCodes.Success;
    }
}

using System.Globalization;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>Reads an episode log ("begin|end instance worker ticks") and finds instances two workers ran at once.</summary>
internal static class EpisodeIntervals
{
    public static (List<string> Overlaps, Dictionary<string, int> EpisodesPerWorker) Check(string path)
    {
        var open = new Dictionary<(string Instance, string Worker), long>();
        var intervals = new List<(string Instance, string Worker, long Begin, long End)>();
        foreach (var line in LoopFunctions.DurableTask.Sqlite.CrashHost.AppendLog.ReadAllLines(path))
        {
            var parts = line.Split(' ');
            var key = (parts[1], parts[2]);
            var ticks = long.Parse(parts[3], CultureInfo.InvariantCulture);
            if (parts[0] == "begin")
            {
                open[key] = ticks;
            }
            else if (open.Remove(key, out var begin))
            {
                intervals.Add((parts[1], parts[2], begin, ticks));
            }
        }

        var overlaps = new List<string>();
        foreach (var group in intervals.GroupBy(i => i.Instance))
        {
            var list = group.OrderBy(i => i.Begin).ToList();
            for (var i = 1; i < list.Count; i++)
            {
                if (list[i].Worker != list[i - 1].Worker && list[i].Begin < list[i - 1].End)
                {
                    overlaps.Add($"{group.Key}: {list[i - 1].Worker} and {list[i].Worker}");
                }
            }
        }

        return (overlaps, intervals.GroupBy(i => i.Worker).ToDictionary(g => g.Key, g => g.Count()));
    }
}

using LoopFunctions.Loops.Definitions;

namespace LoopFunctions.Triggers.Schedules;

/// <summary>One occurrence of a loop's schedule.</summary>
public sealed record ScheduledFire(LoopDefinition Loop, string Expression, string TimeZone, DateTimeOffset At)
{
    /// <summary>The run's id: deterministic from the loop and the occurrence, so every host computes the same one and
    /// the store lets only the first start it.</summary>
    public string InstanceId => $"{Loop.Name}-sched-{At.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
}

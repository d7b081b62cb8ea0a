namespace LoopFunctions.Host.Timers;

/// <summary>The clock schedules fire by: its own service so tests can drive schedules with a fake clock while the
/// engine keeps real time.</summary>
public sealed record ScheduleClock(TimeProvider Time);

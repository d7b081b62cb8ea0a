using System.ComponentModel;

namespace LoopFunctions.Triggers.Schedules;

/// <summary>What happens to schedule fires missed while no host was running.</summary>
[TypeConverter(typeof(PastDuePolicyConverter))]
public enum PastDuePolicy
{
    /// <summary>As Azure Functions timer triggers with the schedule monitor: on start, the most recent missed fire runs
    /// once (marked past due); older missed fires are skipped. A schedule that never fired before does not run at start.</summary>
    RunLatest,

    /// <summary>Missed fires are skipped; the schedule resumes with the next one.</summary>
    Skip,
}

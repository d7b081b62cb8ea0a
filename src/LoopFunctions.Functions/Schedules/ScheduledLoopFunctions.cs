using LoopFunctions.Functions.Hosting;
using LoopFunctions.Triggers.Schedules;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Functions.Schedules;

/// <summary>The timer functions of the scheduled loops. One function per loop with <c>on.schedule</c> is generated at
/// build time into the other half of this class (<c>ScheduledLoopFunctions.g.cs</c> under obj/), named
/// <c>Schedule_{loop}</c>, with the NCRONTAB of <see cref="TimerSchedule.For"/>; each calls <see cref="RunAsync"/>.</summary>
/// <remarks>
/// <para>A firing starts the run of the occurrence it stands for, with the id <c>{loop}-sched-{yyyyMMddTHHmmssZ}</c> and
/// every status as a dedupe status, exactly as <c>loopfn serve</c> does, so a fire runs once even when both hosts
/// share a task hub.</para>
/// <para>A past-due firing (<see cref="TimerInfo.IsPastDue"/>: the app was down at an occurrence) follows the loop's
/// past-due policy (<c>LoopFunctions:Schedules:PastDue</c>): <c>run-latest</c> runs the most recent missed occurrence
/// once, marked past due in its input; <c>skip</c> runs nothing.</para>
/// </remarks>
public sealed partial class ScheduledLoopFunctions(LoopTriggers triggers, TimeProvider time, ILogger<ScheduledLoopFunctions> logger)
{
    /// <summary>Handles one firing of the timer of <paramref name="loopName"/>.</summary>
    /// <returns>The instance id of the run started, or null when none was (not an occurrence, already started, skipped).</returns>
    public async Task<string?> RunAsync(string loopName, string timerSchedule, TimerInfo timer, DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        if (!triggers.Loops.Current.Loops.TryGetValue(loopName, out var loop))
        {
            throw new InvalidOperationException($"the timer of loop '{loopName}' fired, but {triggers.Loops.Folder} has no valid loop by that name; the app was built from other loop files than it ships");
        }

        var now = time.GetUtcNow();
        var schedules = triggers.Schedules(client);
        if (timer.IsPastDue)
        {
            var missed = await schedules.CatchUpAsync(loop, now, triggers.Options.PastDue, ct).ConfigureAwait(false);
            return missed?.InstanceId;
        }

        if (TimerSchedule.OccurrenceAt(loop, timerSchedule, now) is not { } fire)
        {
            logger.NotAnOccurrence(loop.Name, now);
            return null;
        }

        return await schedules.FireAsync(fire, pastDue: false, ct).ConfigureAwait(false) ? fire.InstanceId : null;
    }
}

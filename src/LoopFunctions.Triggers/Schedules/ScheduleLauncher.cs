using System.Globalization;
using System.Text.Json;
using DurableTask.Core.Exceptions;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Starting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Triggers.Schedules;

/// <summary>Starts the run of one schedule occurrence, and the run of a fire missed while no host ran, the same way
/// in every host: <c>loopfn serve</c>'s schedule service and the Azure Functions app's timer functions.</summary>
/// <remarks>
/// <para>The run's id is derived from the loop and the occurrence (<see cref="ScheduledFire.InstanceId"/>) and any
/// earlier run with that id refuses the start, so an occurrence runs once, however many hosts see it, and even after
/// its run ended.</para>
/// <para>The last fire is read from the task hub (the newest <c>{loop}-sched-</c> instance), so there is no separate
/// schedule-status record to lose.</para>
/// </remarks>
public sealed class ScheduleLauncher(DurableTaskClient client, LoopLauncher launcher, ILogger<ScheduleLauncher> logger)
{
    /// <summary>Starts the run of <paramref name="fire"/>; false when a run of that occurrence already exists.</summary>
    public async Task<bool> FireAsync(ScheduledFire fire, bool pastDue, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fire);
        var input = JsonSerializer.Serialize(new { scheduledTime = fire.At, isPastDue = pastDue, schedule = fire.Expression, timeZone = fire.TimeZone });
        try
        {
            await launcher.StartAsync(fire.Loop, new LoopStart(TriggerSource.Schedule, fire.InstanceId, Input: input, DedupeStatuses: LoopStart.AnyStatus), ct).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            logger.ScheduleAlreadyStarted(fire.Loop.Name, fire.At);
            return false;
        }

        TriggerTelemetry.ScheduleFires.Add(1, new KeyValuePair<string, object?>("loop", fire.Loop.Name));
        logger.ScheduleFired(fire.Loop.Name, fire.At, pastDue ? " (past due)" : "", fire.InstanceId);
        return true;
    }

    /// <summary>Applies <paramref name="policy"/> to the fires of <paramref name="loop"/> missed before
    /// <paramref name="now"/>: with <see cref="PastDuePolicy.RunLatest"/> the most recent one after the loop's last
    /// recorded fire runs once, marked past due; older ones are skipped. A loop that never fired runs nothing.</summary>
    /// <returns>The fire that was started, or null.</returns>
    public async Task<ScheduledFire?> CatchUpAsync(LoopDefinition loop, DateTimeOffset now, PastDuePolicy policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(loop);
        if (policy == PastDuePolicy.Skip)
        {
            logger.ScheduleCatchUpSkipped(loop.Name, "LoopFunctions:Schedules:PastDue is skip");
            return null;
        }

        var prefix = $"{loop.Name}-sched-";
        string? newest = null;
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: prefix, PageSize: 500)).WithCancellation(ct).ConfigureAwait(false))
        {
            if (string.CompareOrdinal(instance.InstanceId, newest) > 0)
            {
                newest = instance.InstanceId;
            }
        }

        if (newest is null || !DateTimeOffset.TryParseExact(newest[prefix.Length..], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var lastFire))
        {
            logger.ScheduleCatchUpSkipped(loop.Name, "it has no recorded fire");
            return null;
        }

        if (ScheduleTable.LatestAtOrBefore(loop, now) is not { } missed || missed.At <= lastFire)
        {
            return null;
        }

        return await FireAsync(missed, pastDue: true, ct).ConfigureAwait(false) ? missed : null;
    }
}

using LoopFunctions.Durable;
using LoopFunctions.Durable.Client;
using LoopFunctions.Durable.Storage;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Host.Starters;
using LoopFunctions.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Timers;

/// <summary>Timer triggers: starts a run of a scheduled loop at each occurrence of its NCRONTAB schedule.</summary>
/// <remarks>
/// <para>Every host on a store runs this service; the run's id is derived from the loop and the occurrence and is
/// started with every status as a dedupe status, so whichever host comes first starts it and the others are refused
/// by the store: a fire runs once, even after it completed.</para>
/// <para>Fires missed while no host ran follow <see cref="LoopHostOptions.PastDue"/>: by default the most recent one
/// runs once at start-up, as Azure Functions' schedule monitor does. The last fire is read from the store (the newest
/// <c>{loop}-sched-</c> instance), so there is no separate schedule-status record to lose.</para>
/// </remarks>
internal sealed class ScheduleTriggerService(
    LoopCatalogProvider catalog, LoopLauncher launcher, DurableTaskClient client, LoopHostOptions options, ScheduleClock clock, ILogger<ScheduleTriggerService> logger)
    : BackgroundService
{
    /// <summary>How often the loops folder is looked at again when no fire is due sooner.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    private DateTimeOffset _startedAt;

    /// <summary>Reads the clock before the host reports started: fires after that instant belong to this host's watch,
    /// fires before it to the past-due policy, with no gap between the two.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = clock.Time.GetUtcNow();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var time = clock.Time;
        var last = _startedAt;
        if (options.PastDue == PastDuePolicy.RunLatest)
        {
            await CatchUpAsync(last, stoppingToken).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = ScheduleTable.Next(catalog.Current.Loops.Values, last).FirstOrDefault()?.At;
            var wait = next is { } at ? at - time.GetUtcNow() : Recheck;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait < Recheck ? wait : Recheck, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var now = time.GetUtcNow();
            foreach (var fire in ScheduleTable.Between(catalog.Current.Loops.Values, last, now))
            {
                await FireAsync(fire, pastDue: false, stoppingToken).ConfigureAwait(false);
            }

            last = now;
        }
    }

    private async Task CatchUpAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var loop in catalog.Current.Loops.Values.Where(l => l.Triggers.Any(t => t.Kind == "schedule")))
        {
            var prefix = $"{loop.Name}-sched-";
            string? newest = null;
            await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 500 }, ct).ConfigureAwait(false))
            {
                if (string.CompareOrdinal(instance.InstanceId, newest) > 0)
                {
                    newest = instance.InstanceId;
                }
            }

            if (newest is null || !DateTimeOffset.TryParseExact(newest[prefix.Length..], "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal, out var lastFire))
            {
                continue;
            }

            if (ScheduleTable.Between([loop], lastFire, now).LastOrDefault() is { } missed)
            {
                await FireAsync(missed, pastDue: true, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task FireAsync(ScheduledFire fire, bool pastDue, CancellationToken ct)
    {
        var input = System.Text.Json.JsonSerializer.Serialize(new { scheduledTime = fire.At, isPastDue = pastDue, schedule = fire.Expression, timeZone = fire.TimeZone });
        try
        {
            await launcher.StartAsync(fire.Loop, new LoopStart("schedule", fire.InstanceId, Input: input, DedupeStatuses: Enum.GetValues<OrchestrationRuntimeStatus>()), ct).ConfigureAwait(false);
            LoopTelemetry.ScheduleFires.Add(1, new KeyValuePair<string, object?>("loop", fire.Loop.Name));
            logger.ScheduleFired(fire.Loop.Name, fire.At, pastDue ? " (past due)" : "", fire.InstanceId);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            logger.ScheduleAlreadyStarted(fire.Loop.Name, fire.At);
        }
        catch (Exception ex) when (ex is DurableTaskException or IOException)
        {
            // One failed fire (store briefly unavailable) must not stop the schedules; the next occurrence still fires.
            logger.ScheduleFailed(ex, fire.Loop.Name, fire.At);
        }
    }
}

using LoopFunctions.Host.Hosting;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Schedules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Timers;

/// <summary>Timer triggers: starts a run of a scheduled loop at each occurrence of its NCRONTAB schedule.</summary>
/// <remarks>
/// <para>Every host on a store runs this service; the run's id is derived from the loop and the occurrence and is
/// started with every status as a dedupe status, so whichever host comes first starts it and the others are refused
/// by the store: a fire runs once, even after it completed.</para>
/// <para>Fires missed while no host ran follow the past-due policy (<c>LoopFunctions:Schedules:PastDue</c>): by
/// default the most recent one runs once at start-up, as Azure Functions' schedule monitor does. The last fire is
/// read from the store (the newest <c>{loop}-sched-</c> instance), so there is no separate schedule record to lose.
/// The firing itself is <see cref="ScheduleLauncher"/>'s, shared with the Azure Functions app.</para>
/// </remarks>
internal sealed class ScheduleTriggerService(
    LoopFolder loops, ScheduleLauncher launcher, LoopHostOptions options, ScheduleClock clock, ILogger<ScheduleTriggerService> logger)
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
        foreach (var loop in loops.Current.Loops.Values.Where(l => l.Triggers.Any(t => t.Kind == TriggerKind.Schedule)))
        {
            await GuardAsync(loop.Name, last, () => launcher.CatchUpAsync(loop, last, options.Triggers.PastDue, stoppingToken)).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = ScheduleTable.Next(loops.Current.Loops.Values, last).FirstOrDefault()?.At;
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
            foreach (var fire in ScheduleTable.Between(loops.Current.Loops.Values, last, now))
            {
                await GuardAsync(fire.Loop.Name, fire.At, () => launcher.FireAsync(fire, pastDue: false, stoppingToken)).ConfigureAwait(false);
            }

            last = now;
        }
    }

    /// <summary>One failed fire (the store briefly unavailable) must not stop the schedules: it is logged and the
    /// next occurrence still fires.</summary>
    private async Task GuardAsync<T>(string loop, DateTimeOffset at, Func<Task<T>> fire)
    {
        try
        {
            await fire().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.ScheduleFailed(ex, loop, at);
        }
    }
}

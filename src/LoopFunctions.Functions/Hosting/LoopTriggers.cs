using LoopFunctions.Loops.Definitions;
using LoopFunctions.Triggers;
using LoopFunctions.Triggers.Approvals;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Schedules;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Triggers.Webhooks;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Functions.Hosting;

/// <summary>The shared trigger logic (LoopFunctions.Triggers) bound to the <see cref="DurableTaskClient"/> an invocation
/// gets from its <c>[DurableClient]</c> binding. The Functions runtime hands out the client per invocation, not
/// through dependency injection, so the small per-client objects are made here; what must outlive an invocation (the
/// loops folder, the delivery log) is held once.</summary>
/// <param name="settings">The trigger settings and the loops folder.</param>
/// <param name="time">The clock of the launches.</param>
/// <param name="loggers">The loggers of the trigger handlers.</param>
/// <param name="preflight">What the HTTP starter checks before it schedules a run (the app registers
/// <c>RunnerPreflight</c>: this app runs the steps itself, so the machine serving the start is one that runs them); null
/// starts runs unchecked, for tests that build this without the app's services.</param>
public sealed class LoopTriggers(LoopTriggerSettings settings, TimeProvider time, ILoggerFactory loggers, ILoopPreflight? preflight = null)
{
    /// <summary>The most recent webhook deliveries of this worker: duplicates within its life are answered without acting.</summary>
    public DeliveryLog Deliveries { get; } = new();

    public TriggerOptions Options => settings.Options;

    public LoopFolder Loops { get; } = new(settings.LoopsFolder, loggers.CreateLogger<LoopFolder>(), settings.Prices);

    public LoopLauncher Launcher(DurableTaskClient client) => new(client, time, loggers.CreateLogger<LoopLauncher>());

    /// <summary>What a start may name as its repository; this app does not know its caller's address, so a local
    /// path needs <see cref="TriggerOptions.AllowedRepositoryRoots"/>.</summary>
    public RepositoryOverrides Repositories { get; } = RepositoryOverrides.From(settings.Options);

    /// <summary>The HTTP starter over <paramref name="client"/>: it refuses, before scheduling anything, a repository
    /// override that may not be used and a loop this host cannot run (the preflight).</summary>
    public HttpLoopStarter HttpStarter(DurableTaskClient client) => new(Loops, Launcher(client), preflight, Repositories);

    public GitHubWebhook GitHub(DurableTaskClient client) =>
        new(settings.Options, Deliveries, Loops, new GitHubDeliveryHandler(client, Launcher(client), loggers.CreateLogger<GitHubDeliveryHandler>()), loggers.CreateLogger<GitHubWebhook>());

    public GenericWebhook Generic(DurableTaskClient client) => new(settings.Options, Deliveries, Loops, Launcher(client), loggers.CreateLogger<GenericWebhook>());

    public LoopApprovals Approvals(DurableTaskClient client) => new(client, loggers.CreateLogger<LoopApprovals>());

    public ScheduleLauncher Schedules(DurableTaskClient client) => new(client, Launcher(client), loggers.CreateLogger<ScheduleLauncher>());
}

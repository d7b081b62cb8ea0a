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
public sealed class LoopTriggers(LoopTriggerSettings settings, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>The most recent webhook deliveries of this worker: duplicates within its life are answered without acting.</summary>
    public DeliveryLog Deliveries { get; } = new();

    public TriggerOptions Options => settings.Options;

    public LoopFolder Loops { get; } = new(settings.LoopsFolder, loggers.CreateLogger<LoopFolder>(), settings.Prices);

    public LoopLauncher Launcher(DurableTaskClient client) => new(client, time, loggers.CreateLogger<LoopLauncher>());

    /// <summary>What a start may name as its repository; this app does not know its caller's address, so a local
    /// path needs <see cref="TriggerOptions.AllowedRepositoryRoots"/>.</summary>
    public RepositoryOverrides Repositories { get; } = RepositoryOverrides.From(settings.Options);

    public HttpLoopStarter HttpStarter(DurableTaskClient client) => new(Loops, Launcher(client), repositories: Repositories);

    public GitHubWebhook GitHub(DurableTaskClient client) =>
        new(settings.Options, Deliveries, Loops, new GitHubDeliveryHandler(client, Launcher(client), loggers.CreateLogger<GitHubDeliveryHandler>()), loggers.CreateLogger<GitHubWebhook>());

    public GenericWebhook Generic(DurableTaskClient client) => new(settings.Options, Deliveries, Loops, Launcher(client), loggers.CreateLogger<GenericWebhook>());

    public LoopApprovals Approvals(DurableTaskClient client) => new(client, loggers.CreateLogger<LoopApprovals>());

    public ScheduleLauncher Schedules(DurableTaskClient client) => new(client, Launcher(client), loggers.CreateLogger<ScheduleLauncher>());
}

using Microsoft.DurableTask;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>One <c>AddTasks</c> call, replayed into the registry when the catalog is first resolved.</summary>
internal sealed record TaskRegistration(Action<DurableTaskRegistry> Configure);

namespace LoopFunctions.Durable.DependencyInjection;

/// <summary>One <c>AddTasks</c> call, replayed into the registry when it is first resolved.</summary>
internal sealed record TaskRegistration(Action<DurableTaskRegistry> Configure);

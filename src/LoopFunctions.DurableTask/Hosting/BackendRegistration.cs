using DurableTask.Core;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>The backend a <c>Use...</c> call chose: how to build it and how to describe it.</summary>
internal sealed record BackendRegistration(Func<IServiceProvider, IOrchestrationService> Create, Func<IServiceProvider, DurableBackendInfo> Describe);

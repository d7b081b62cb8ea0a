using Microsoft.Extensions.Hosting;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>An activity execution's service provider: its DI scope, with <see cref="IHostApplicationLifetime"/>
/// answered by the execution's own <see cref="StepLifetime"/>.</summary>
internal sealed class StepServices(IServiceProvider scope, StepLifetime lifetime) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(IHostApplicationLifetime) ? lifetime : scope.GetService(serviceType);
}

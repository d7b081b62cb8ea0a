using LoopFunctions.Durable.Storage;
using LoopFunctions.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LoopFunctions.Durable.DependencyInjection;

internal sealed class LoopFunctionsBuilder(IServiceCollection services) : ILoopFunctionsBuilder
{
    public IServiceCollection Services { get; } = services;

    public ILoopFunctionsBuilder AddTasks(Action<DurableTaskRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSingleton(new TaskRegistration(configure));
        return this;
    }

    public ILoopFunctionsBuilder UseStore(Func<IServiceProvider, IDurableStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<IDurableStore>();
        Services.AddSingleton(factory);
        return this;
    }

    public ILoopFunctionsBuilder AddWorker()
    {
        Services.TryAddSingleton<DurableTaskWorker>();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DurableTaskWorker>(sp => sp.GetRequiredService<DurableTaskWorker>()));
        return this;
    }
}

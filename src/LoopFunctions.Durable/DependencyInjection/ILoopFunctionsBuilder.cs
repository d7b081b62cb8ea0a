using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Durable.DependencyInjection;

/// <summary>Configures the durable engine in a service collection; returned by
/// <see cref="LoopFunctionsServiceCollectionExtensions.AddLoopFunctions"/>.</summary>
public interface ILoopFunctionsBuilder
{
    IServiceCollection Services { get; }

    /// <summary>Registers orchestrators and activities. May be called several times.</summary>
    ILoopFunctionsBuilder AddTasks(Action<DurableTaskRegistry> configure);

    /// <summary>Selects the storage provider; the last call wins. Providers add their own <c>UseX</c> methods.</summary>
    ILoopFunctionsBuilder UseStore(Func<IServiceProvider, Storage.IDurableStore> factory);

    /// <summary>Adds the worker as a hosted service, so the host runs orchestrations and activities.</summary>
    ILoopFunctionsBuilder AddWorker();
}

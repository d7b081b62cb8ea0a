using LoopFunctions.Durable.Client;
using LoopFunctions.Durable.Converters;
using LoopFunctions.Durable.InMemory;
using LoopFunctions.Durable.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Durable.DependencyInjection;

/// <summary>Registers the durable engine: <c>services.AddLoopFunctions(o =&gt; ...).UseSqlite(...).AddTasks(...)</c>.</summary>
public static class LoopFunctionsServiceCollectionExtensions
{
    /// <summary>Adds the client, registry, options (validated at start) and, until another is chosen, the in-memory store.</summary>
    public static ILoopFunctionsBuilder AddLoopFunctions(this IServiceCollection services, Action<DurableTaskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DurableTaskOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableTaskOptions>, DurableTaskOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DataConverter>(JsonDataConverter.Default);
        services.TryAddSingleton<IDurableStore>(sp => new InMemoryDurableStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var registry = new DurableTaskRegistry();
            foreach (var registration in sp.GetServices<TaskRegistration>())
            {
                registration.Configure(registry);
            }

            return registry;
        });
        services.TryAddSingleton(sp => new DurableTaskClient(
            sp.GetRequiredService<IDurableStore>(),
            sp.GetRequiredService<IOptions<DurableTaskOptions>>(),
            sp.GetRequiredService<DataConverter>(),
            sp.GetRequiredService<TimeProvider>()));
        return new LoopFunctionsBuilder(services);
    }

    /// <summary>Uses the in-memory store (for tests; nothing survives the process).</summary>
    public static ILoopFunctionsBuilder UseInMemory(this ILoopFunctionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseStore(sp => new InMemoryDurableStore(sp.GetRequiredService<TimeProvider>()));
    }
}

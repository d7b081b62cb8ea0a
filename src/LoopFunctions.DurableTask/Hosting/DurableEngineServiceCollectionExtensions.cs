using DurableTask.Core;
using LoopFunctions.DurableTask.Client;
using LoopFunctions.DurableTask.Replay;
using LoopFunctions.DurableTask.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>
/// <c>services.AddDurableTaskEngine(o =&gt; ...).UseSqlite(s =&gt; s.Path = "...").AddTasks(r =&gt; ...).AddWorker()</c>.
/// </summary>
public static class DurableEngineServiceCollectionExtensions
{
    /// <summary>Adds the options, the task registry, the backend slot (filled by a <c>Use...</c> call), the
    /// <see cref="DurableTaskClient"/> and the worker's stopping signal.</summary>
    /// <remarks>Registered: <see cref="IOrchestrationService"/> and <see cref="IOrchestrationServiceClient"/> (one
    /// backend object per container), <see cref="DurableTaskClient"/> and <see cref="DurableEngineClient"/>
    /// (the same object), <see cref="DurableBackendInfo"/>, <see cref="DurableWorkerLifetime"/>,
    /// <see cref="OrchestrationReplayChecker"/> (needs no backend); and, when no host provides one, an
    /// <see cref="IHostApplicationLifetime"/> whose <c>ApplicationStopping</c> is the worker's stopping signal, so
    /// activities can depend on that abstraction in the CLI too.</remarks>
    public static IDurableEngineBuilder AddDurableTaskEngine(this IServiceCollection services, Action<DurableEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DurableEngineOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableEngineOptions>, DurableEngineOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var registry = new Microsoft.DurableTask.DurableTaskRegistry();
            foreach (var registration in sp.GetServices<TaskRegistration>())
            {
                registration.Configure(registry);
            }

            return new TaskCatalog(registry);
        });
        services.TryAddSingleton<IHostApplicationLifetime>(sp => new WorkerApplicationLifetime(sp));
        services.TryAddSingleton(sp => new DurableWorkerLifetime(sp.GetService<IHostApplicationLifetime>() is { } host and not WorkerApplicationLifetime ? host : null));
        services.TryAddSingleton<BackendRegistration>(_ => throw new InvalidOperationException(
            "No LoopFunctions backend was chosen: call UseSqlite, UseAzureStorage or UseHostJson on the builder AddDurableTaskEngine returns."));
        services.TryAddSingleton(sp => sp.GetRequiredService<BackendRegistration>().Create(sp));
        services.TryAddSingleton(sp => (IOrchestrationServiceClient)sp.GetRequiredService<IOrchestrationService>());
        services.TryAddSingleton(sp => sp.GetRequiredService<BackendRegistration>().Describe(sp));
        services.TryAddSingleton(sp => new TaskHub(sp.GetRequiredService<IOrchestrationService>(), sp.GetRequiredService<DurableBackendInfo>(), Loggers(sp).CreateLogger("LoopFunctions.DurableTask.TaskHub")));
        services.TryAddSingleton(sp => new DurableEngineClient(
            sp.GetRequiredService<IOrchestrationServiceClient>(),
            sp.GetRequiredService<TaskHub>(),
            sp.GetRequiredService<IOptions<DurableEngineOptions>>().Value,
            Loggers(sp),
            sp.GetService<IOrchestrationRewinder>()));
        services.TryAddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<DurableEngineClient>());
        services.TryAddSingleton(sp => new OrchestrationReplayChecker(
            sp.GetRequiredService<TaskCatalog>(), sp, sp.GetRequiredService<IOptions<DurableEngineOptions>>().Value.DataConverter, Loggers(sp)));
        return new DurableEngineBuilder(services);
    }

    internal static ILoggerFactory Loggers(IServiceProvider services) => services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
}

using DurableTask.Core;
using LoopFunctions.DurableTask.Client;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Sqlite;
using LoopFunctions.DurableTask.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.Hosting;

internal sealed class DurableEngineBuilder(IServiceCollection services) : IDurableEngineBuilder
{
    public IServiceCollection Services { get; } = services;

    public IDurableEngineBuilder UseSqlite(Action<SqliteOrchestrationServiceSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddOptions<SqliteOrchestrationServiceSettings>().Configure(configure).ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteOrchestrationServiceSettings>, SqliteSettingsValidator>());
        return UseOrchestrationService(
            sp => new SqliteOrchestrationService(Settings<SqliteOrchestrationServiceSettings>(sp), DurableEngineServiceCollectionExtensions.Loggers(sp)),
            sp =>
            {
                var s = Settings<SqliteOrchestrationServiceSettings>(sp);
                return new DurableBackendInfo(StorageBackend.Sqlite, s.TaskHubName, $"sqlite {s.Path} (hub {s.TaskHubName})");
            });
    }

    public IDurableEngineBuilder UseOrchestrationService(Func<IServiceProvider, IOrchestrationService> create, Func<IServiceProvider, DurableBackendInfo> describe)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(describe);
        Services.RemoveAll<BackendRegistration>();
        Services.RemoveAll<IOrchestrationRewinder>();
        Services.AddSingleton(new BackendRegistration(create, describe));
        return this;
    }

    public IDurableEngineBuilder UseHostJson(HostJsonSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        return settings.Backend switch
        {
            StorageBackend.Sqlite => UseSqlite(s => HostJsonMapping.Apply(settings, s)),
            StorageBackend.AzureStorage => throw new NotSupportedException(
                $"{settings.Source ?? "host.json"}: storageProvider.type is AzureStorage; that backend comes with LoopFunctions.DurableTask.AzureStorage: call UseAzureStorage(hostJson, configuration) from it instead of UseHostJson."),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Backend, "Unknown storage backend."),
        };
    }

    public IDurableEngineBuilder AddTasks(Action<DurableTaskRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSingleton(new TaskRegistration(configure));
        return this;
    }

    public IDurableEngineBuilder AddWorker()
    {
        Services.TryAddSingleton(sp => new DurableEngineWorker(
            sp.GetRequiredService<TaskHub>(),
            sp.GetRequiredService<TaskCatalog>(),
            sp,
            sp.GetRequiredService<IOptions<DurableEngineOptions>>().Value,
            sp.GetRequiredService<DurableWorkerLifetime>(),
            DurableEngineServiceCollectionExtensions.Loggers(sp)));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DurableEngineWorker>(sp => sp.GetRequiredService<DurableEngineWorker>()));
        return this;
    }

    private static T Settings<T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;
}

using DurableTask.AzureStorage;
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

internal sealed class LoopFunctionsBuilder(IServiceCollection services) : ILoopFunctionsBuilder
{
    private const string DefaultConnectionStringName = "AzureWebJobsStorage";

    public IServiceCollection Services { get; } = services;

    public ILoopFunctionsBuilder UseSqlite(Action<SqliteOrchestrationServiceSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddOptions<SqliteOrchestrationServiceSettings>().Configure(configure).ValidateOnStart();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteOrchestrationServiceSettings>, SqliteSettingsValidator>());
        return UseBackend(new BackendRegistration(
            sp => new SqliteOrchestrationService(Settings<SqliteOrchestrationServiceSettings>(sp), LoopFunctionsServiceCollectionExtensions.Loggers(sp)),
            sp =>
            {
                var s = Settings<SqliteOrchestrationServiceSettings>(sp);
                return new DurableBackendInfo(StorageBackend.Sqlite, s.TaskHubName, $"sqlite {s.Path} (hub {s.TaskHubName})");
            }));
    }

    public ILoopFunctionsBuilder UseAzureStorage(Action<AzureStorageOrchestrationServiceSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return UseAzureStorage(new AzureStorageConnection(DefaultConnectionStringName, "the configuration value"), null, null, configure);
    }

    public ILoopFunctionsBuilder UseAzureStorage(string connectionString, Action<AzureStorageOrchestrationServiceSettings>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return UseAzureStorage(new AzureStorageConnection(null, "the connection string given to UseAzureStorage"), connectionString, null, configure);
    }

    public ILoopFunctionsBuilder UseHostJson(HostJsonSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        return settings.Backend switch
        {
            StorageBackend.Sqlite => UseSqlite(s => HostJsonMapping.Apply(settings, s)),
            StorageBackend.AzureStorage => UseAzureStorage(
                new AzureStorageConnection(settings.AzureStorage.ConnectionStringName, "host.json extensions.durableTask.storageProvider.connectionStringName"),
                null,
                configuration,
                s => HostJsonMapping.Apply(settings, s)),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Backend, "Unknown storage backend."),
        };
    }

    public ILoopFunctionsBuilder AddTasks(Action<DurableTaskRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSingleton(new TaskRegistration(configure));
        return this;
    }

    public ILoopFunctionsBuilder AddWorker()
    {
        Services.TryAddSingleton(sp => new LoopFunctionsWorker(
            sp.GetRequiredService<TaskHub>(),
            sp.GetRequiredService<TaskCatalog>(),
            sp,
            sp.GetRequiredService<IOptions<LoopFunctionsOptions>>().Value,
            sp.GetRequiredService<DurableWorkerLifetime>(),
            LoopFunctionsServiceCollectionExtensions.Loggers(sp)));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LoopFunctionsWorker>(sp => sp.GetRequiredService<LoopFunctionsWorker>()));
        return this;
    }

    private LoopFunctionsBuilder UseAzureStorage(AzureStorageConnection connection, string? connectionString, IConfiguration? configuration, Action<AzureStorageOrchestrationServiceSettings>? configure)
    {
        var options = Services.AddOptions<AzureStorageOrchestrationServiceSettings>();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AzureStorageOrchestrationServiceSettings>, AzureStorageDefaults>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IServiceProvider>((settings, sp) =>
        {
            settings.ThrowExceptionOnInvalidDedupeStatus = true;
            if (settings.StorageAccountClientProvider is null
                && (connectionString ?? Lookup(configuration ?? sp.GetService<IConfiguration>(), connection.Name)) is { } found)
            {
                settings.StorageAccountClientProvider = new StorageAccountClientProvider(found);
            }
        });
        options.ValidateOnStart();
        Services.RemoveAll<AzureStorageConnection>();
        Services.AddSingleton(connection);
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureStorageOrchestrationServiceSettings>, AzureStorageSettingsValidator>());
        return UseBackend(new BackendRegistration(
            sp => new AzureStorageOrchestrationService(Settings<AzureStorageOrchestrationServiceSettings>(sp)),
            sp =>
            {
                var s = Settings<AzureStorageOrchestrationServiceSettings>(sp);
                return new DurableBackendInfo(StorageBackend.AzureStorage, s.TaskHubName, $"azure storage ({connection.Name ?? "given connection string"}, hub {s.TaskHubName})");
            }));
    }

    private LoopFunctionsBuilder UseBackend(BackendRegistration backend)
    {
        Services.RemoveAll<BackendRegistration>();
        Services.AddSingleton(backend);
        return this;
    }

    private static T Settings<T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;

    private static string? Lookup(IConfiguration? configuration, string? name) =>
        configuration is null || name is null ? null : configuration[name] ?? configuration.GetConnectionString(name);
}

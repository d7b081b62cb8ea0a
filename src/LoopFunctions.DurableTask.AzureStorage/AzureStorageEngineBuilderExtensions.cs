using DurableTask.AzureStorage;
using DurableTask.Core;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Client;
using LoopFunctions.DurableTask.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LoopFunctions.DurableTask.AzureStorage;

/// <summary><c>services.AddDurableTaskEngine().UseAzureStorage(s =&gt; ...)</c>: DurableTask.AzureStorage as the
/// engine's backend.</summary>
public static class AzureStorageEngineBuilderExtensions
{
    private const string DefaultConnectionStringName = "AzureWebJobsStorage";

    /// <summary>DurableTask.AzureStorage. Unless <paramref name="configure"/> sets
    /// <see cref="AzureStorageOrchestrationServiceSettings.StorageAccountClientProvider"/>, the connection string is the
    /// configuration value <c>AzureWebJobsStorage</c> (as Durable Functions). Defaults before <paramref name="configure"/>:
    /// hub <c>LoopFunctions</c>, 10 activities and 10 orchestrations per processor, <see cref="AzureStorageScaleOut"/>'s
    /// visibility timeouts and buffer, blob leases; DTFx's defaults otherwise.</summary>
    /// <remarks>Always sets <see cref="AzureStorageOrchestrationServiceSettings.ThrowExceptionOnInvalidDedupeStatus"/>:
    /// the client relies on the backend refusing a duplicate start instead of dropping it silently. Always sets
    /// <see cref="AzureStorageOrchestrationServiceSettings.UseSeparateQueueForEntityWorkItems"/>: the worker runs
    /// durable entities only from their own queue. Settings are
    /// validated when the host starts (or when the backend is first resolved outside a host).</remarks>
    public static IDurableEngineBuilder UseAzureStorage(this IDurableEngineBuilder builder, Action<AzureStorageOrchestrationServiceSettings> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.UseAzureStorage(new AzureStorageConnection(DefaultConnectionStringName, "the configuration value"), null, null, configure);
    }

    /// <summary>DurableTask.AzureStorage on the account of <paramref name="connectionString"/>
    /// (<c>UseDevelopmentStorage=true</c> for Azurite on its default ports).</summary>
    public static IDurableEngineBuilder UseAzureStorage(this IDurableEngineBuilder builder, string connectionString, Action<AzureStorageOrchestrationServiceSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UseAzureStorage(new AzureStorageConnection(null, "the connection string given to UseAzureStorage"), connectionString, null, configure);
    }

    /// <summary>DurableTask.AzureStorage with the settings host.json gives (<see cref="HostJsonSettings.AzureStorage"/>
    /// and the shared ones); the connection string is the value of <c>storageProvider.connectionStringName</c> in
    /// <paramref name="configuration"/> (a plain value, then <c>ConnectionStrings:</c>).</summary>
    /// <exception cref="ArgumentException">host.json chooses another backend.</exception>
    public static IDurableEngineBuilder UseAzureStorage(this IDurableEngineBuilder builder, HostJsonSettings settings, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        if (settings.Backend != StorageBackend.AzureStorage)
        {
            throw new ArgumentException($"{settings.Source ?? "host.json"}: storageProvider.type is {settings.Backend}, not AzureStorage; use UseHostJson.", nameof(settings));
        }

        return builder.UseAzureStorage(
            new AzureStorageConnection(settings.AzureStorage.ConnectionStringName, "host.json extensions.durableTask.storageProvider.connectionStringName"),
            null,
            configuration,
            s => AzureStorageHostJsonMapping.Apply(settings, s));
    }

    private static IDurableEngineBuilder UseAzureStorage(this IDurableEngineBuilder builder, AzureStorageConnection connection, string? connectionString, IConfiguration? configuration, Action<AzureStorageOrchestrationServiceSettings>? configure)
    {
        var services = builder.Services;
        var options = services.AddOptions<AzureStorageOrchestrationServiceSettings>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AzureStorageOrchestrationServiceSettings>, AzureStorageDefaults>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<IServiceProvider>((settings, sp) =>
        {
            settings.ThrowExceptionOnInvalidDedupeStatus = true;

            // The worker dispatches entities only from their own queue (DTFx's TaskEntityDispatcher); with the
            // shared queue they would reach the orchestration dispatcher, which only Durable Functions' in-process
            // middleware understands. No hub of ours has entity messages in its control queues from before.
            settings.UseSeparateQueueForEntityWorkItems = true;
            if (settings.StorageAccountClientProvider is null
                && (connectionString ?? Lookup(configuration ?? sp.GetService<IConfiguration>(), connection.Name)) is { } found)
            {
                settings.StorageAccountClientProvider = new StorageAccountClientProvider(found);
            }
        });
        options.ValidateOnStart();
        services.RemoveAll<AzureStorageConnection>();
        services.AddSingleton(connection);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureStorageOrchestrationServiceSettings>, AzureStorageSettingsValidator>());
        builder.UseOrchestrationService(
            sp => new AzureStorageOrchestrationService(Settings(sp)),
            sp =>
            {
                var s = Settings(sp);
                return new DurableBackendInfo(StorageBackend.AzureStorage, s.TaskHubName, $"azure storage ({connection.Name ?? "given connection string"}, hub {s.TaskHubName})");
            });

        // After UseOrchestrationService, which drops the previous backend's rewinder.
        services.AddSingleton<IOrchestrationRewinder>(sp => new AzureStorageRewinder((AzureStorageOrchestrationService)sp.GetRequiredService<IOrchestrationService>()));
        return builder;
    }

    private static AzureStorageOrchestrationServiceSettings Settings(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AzureStorageOrchestrationServiceSettings>>().Value;

    private static string? Lookup(IConfiguration? configuration, string? name) =>
        configuration is null || name is null ? null : configuration[name] ?? configuration.GetConnectionString(name);
}

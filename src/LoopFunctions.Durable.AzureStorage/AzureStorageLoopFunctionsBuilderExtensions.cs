using LoopFunctions.Durable.Configuration;
using LoopFunctions.Durable.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary><c>services.AddLoopFunctions().UseAzureStorage(o =&gt; o.ConnectionString = "UseDevelopmentStorage=true")</c>.</summary>
public static class AzureStorageLoopFunctionsBuilderExtensions
{
    /// <summary>Uses the Azure Storage provider. The hub name defaults to <see cref="DurableTaskOptions.HubName"/>.
    /// The options are validated when the store is first resolved.</summary>
    public static ILoopFunctionsBuilder UseAzureStorage(this ILoopFunctionsBuilder builder, Action<AzureStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.UseStore(sp =>
        {
            var options = new AzureStorageOptions { HubName = sp.GetRequiredService<IOptions<DurableTaskOptions>>().Value.HubName };
            configure(options);
            return new AzureStorageDurableStore(options, sp.GetRequiredService<TimeProvider>());
        });
    }

    /// <summary>Uses the Azure Storage provider as host.json's <c>storageProvider</c> section describes it: the
    /// connection string is the configuration value named by <see cref="StorageProviderSettings.ConnectionStringName"/>
    /// (default <c>AzureWebJobsStorage</c>), looked up as a plain setting and then under <c>ConnectionStrings</c>.</summary>
    /// <exception cref="ArgumentException">The provider type is not AzureStorage.</exception>
    public static ILoopFunctionsBuilder UseAzureStorage(this ILoopFunctionsBuilder builder, StorageProviderSettings provider, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!provider.Type.Equals("AzureStorage", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"storageProvider.type is '{provider.Type}', not AzureStorage.", nameof(provider));
        }

        return builder.UseAzureStorage(o =>
        {
            o.ConnectionString = configuration[provider.ConnectionStringName] ?? configuration.GetConnectionString(provider.ConnectionStringName)
                ?? throw new ArgumentException(
                    $"storageProvider.connectionStringName is '{provider.ConnectionStringName}', but the configuration has no value by that name " +
                    "(set it in local.settings.json Values, an environment variable, or ConnectionStrings).", nameof(configuration));
            o.PartitionCount = provider.PartitionCount;
            o.PartitionLeaseDuration = provider.PartitionLeaseDuration;
            o.ControlMessageVisibilityTimeout = provider.ControlQueueVisibilityTimeout;
        });
    }
}

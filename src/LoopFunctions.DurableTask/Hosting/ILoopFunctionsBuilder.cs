using DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Sqlite;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>Configures LoopFunctions' Durable Task stack in a service collection; returned by
/// <see cref="LoopFunctionsServiceCollectionExtensions.AddLoopFunctions"/>.</summary>
/// <remarks>Exactly one backend per container: the last <c>Use...</c> call wins. Backend settings are validated when
/// the host starts, or when the backend is first resolved outside a host.</remarks>
public interface ILoopFunctionsBuilder
{
    IServiceCollection Services { get; }

    /// <summary>The embedded SQLite backend. <see cref="SqliteOrchestrationServiceSettings.Path"/> is required; every
    /// other setting has the default its XML doc names.</summary>
    ILoopFunctionsBuilder UseSqlite(Action<SqliteOrchestrationServiceSettings> configure);

    /// <summary>DurableTask.AzureStorage. Unless <paramref name="configure"/> sets
    /// <see cref="AzureStorageOrchestrationServiceSettings.StorageAccountClientProvider"/>, the connection string is the
    /// configuration value <c>AzureWebJobsStorage</c> (as Durable Functions). Defaults before <paramref name="configure"/>:
    /// hub <c>LoopFunctions</c>, 10 activities and 10 orchestrations per processor; DTFx's defaults otherwise.</summary>
    /// <remarks>Always sets <see cref="AzureStorageOrchestrationServiceSettings.ThrowExceptionOnInvalidDedupeStatus"/>:
    /// the client relies on the backend refusing a duplicate start instead of dropping it silently.</remarks>
    ILoopFunctionsBuilder UseAzureStorage(Action<AzureStorageOrchestrationServiceSettings> configure);

    /// <summary>DurableTask.AzureStorage on the account of <paramref name="connectionString"/>
    /// (<c>UseDevelopmentStorage=true</c> for Azurite on its default ports).</summary>
    ILoopFunctionsBuilder UseAzureStorage(string connectionString, Action<AzureStorageOrchestrationServiceSettings>? configure = null);

    /// <summary>The backend and its settings as host.json describes them; the Azure Storage connection string is the
    /// value of <c>storageProvider.connectionStringName</c> in <paramref name="configuration"/> (a plain value, then
    /// <c>ConnectionStrings:</c>).</summary>
    ILoopFunctionsBuilder UseHostJson(HostJsonSettings settings, IConfiguration configuration);

    /// <summary>Registers orchestrators and activities; may be called several times. Names are case-insensitive and
    /// must be unique; versions are not dispatched on.</summary>
    ILoopFunctionsBuilder AddTasks(Action<DurableTaskRegistry> configure);

    /// <summary>Registers <see cref="Worker.LoopFunctionsWorker"/> and runs it as a hosted service.</summary>
    ILoopFunctionsBuilder AddWorker();
}

using DurableTask.Core;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Sqlite;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>Configures LoopFunctions' Durable Task stack in a service collection; returned by
/// <see cref="DurableEngineServiceCollectionExtensions.AddDurableTaskEngine"/>.</summary>
/// <remarks>Exactly one backend per container: the last <c>Use...</c> call wins. The embedded SQLite backend is
/// built in; DurableTask.AzureStorage comes with LoopFunctions.DurableTask.AzureStorage (<c>UseAzureStorage</c>), so
/// a process that never uses it never loads it. Backend settings are validated when
/// the host starts, or when the backend is first resolved outside a host.</remarks>
public interface IDurableEngineBuilder
{
    IServiceCollection Services { get; }

    /// <summary>The embedded SQLite backend. <see cref="SqliteOrchestrationServiceSettings.Path"/> is required; every
    /// other setting has the default its XML doc names.</summary>
    IDurableEngineBuilder UseSqlite(Action<SqliteOrchestrationServiceSettings> configure);

    /// <summary>Any other DTFx backend (<c>UseAzureStorage</c> in LoopFunctions.DurableTask.AzureStorage is one): the
    /// container builds it once with <paramref name="create"/> and describes it with <paramref name="describe"/>.</summary>
    /// <remarks>Replaces the backend a previous <c>Use...</c> call chose, with its <see cref="Client.IOrchestrationRewinder"/>.</remarks>
    IDurableEngineBuilder UseOrchestrationService(Func<IServiceProvider, IOrchestrationService> create, Func<IServiceProvider, DurableBackendInfo> describe);

    /// <summary>The SQLite backend and its settings as host.json describes them.</summary>
    /// <exception cref="NotSupportedException">host.json chooses Azure Storage: that backend lives in
    /// LoopFunctions.DurableTask.AzureStorage, whose <c>UseAzureStorage(hostJson, configuration)</c> reads the same
    /// settings.</exception>
    IDurableEngineBuilder UseHostJson(HostJsonSettings settings, IConfiguration configuration);

    /// <summary>Registers orchestrators and activities; may be called several times. Names are case-insensitive and
    /// must be unique; versions are not dispatched on.</summary>
    IDurableEngineBuilder AddTasks(Action<DurableTaskRegistry> configure);

    /// <summary>Registers <see cref="Worker.DurableEngineWorker"/> and runs it as a hosted service.</summary>
    IDurableEngineBuilder AddWorker();
}

using System.Runtime.CompilerServices;
using LoopFunctions.DurableTask.AzureStorage;
using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.DurableTask.Hosting;
using LoopFunctions.Host.Auth;
using LoopFunctions.Host.Dashboard;
using LoopFunctions.Host.Management;
using LoopFunctions.Host.Starters;
using LoopFunctions.Host.Timers;
using LoopFunctions.Host.Webhooks;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Triggers;
using LoopFunctions.Triggers.Approvals;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Schedules;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Triggers.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LoopFunctions.Host.Hosting;

/// <summary>Builds the LoopFunctions host: the durable worker, HTTP starters, the Durable Functions management API,
/// webhooks, timer triggers and the dashboard, on the store host.json names.</summary>
public static class LoopHost
{
    /// <exception cref="HostConfigurationException">A setting, local.settings.json or the listening addresses are not usable.</exception>
    /// <exception cref="DurableTask.HostJsonException">host.json is invalid.</exception>
    public static WebApplication Build(LoopHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var root = Path.GetFullPath(settings.ContentRoot);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, Args = [] });

        // As in Azure Functions, local.settings.json Values act like environment variables that real ones override.
        builder.Configuration.AddInMemoryCollection(LoopHostConfiguration.ReadLocalSettings(Path.Combine(root, "local.settings.json")));
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings.Configuration);
        var options = LoopHostConfiguration.ReadOptions(builder.Configuration);
        LoopHostConfiguration.CheckBindings(settings.Urls, options);
        var hostJson = HostJson.Load(Path.Combine(root, "host.json"));

        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);

        // Per-request framework lines drown the loop events; they stay available with Logging__LogLevel__Microsoft.AspNetCore=Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // DTFx and the SDK's shims trace every dispatch and activity at Information; what an operator needs from them
        // is warnings and errors (Logging__LogLevel__DurableTask=Information brings them back).
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.DurableTask", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var storeDescription = AddStore(builder.Services, builder.Configuration, hostJson, settings, options, root);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new HostPaths(root, storeDescription));
        builder.Services.AddSingleton(hostJson);
        builder.Services.AddSingleton(new ScheduleClock(settings.ScheduleTime ?? TimeProvider.System));
        AddTriggers(builder.Services, options, root);
        builder.Services.AddSingleton<FunctionKeyFilter>();
        builder.Services.AddSingleton<RpcListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RpcListener>());
        builder.Services.AddHostedService<ScheduleTriggerService>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        AddTelemetry(builder);

        var app = builder.Build();
        app.UseMiddleware<ErrorMiddleware>();
        app.MapStarters();
        app.MapDurableApi<FunctionKeyFilter>(CheckStatusPayload.BasePath);
        app.MapWebhooks();
        app.MapDashboard();
        app.MapFallback((HttpContext http) => ApiResults.NotFound($"no route for {http.Request.Method} {http.Request.Path}"));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var catalog = app.Services.GetRequiredService<LoopFolder>();
            app.Logger.HostStarted(string.Join(", ", addresses), storeDescription, catalog.Current.Loops.Count, catalog.Folder);
        });
        return app;
    }

    /// <summary>The address the host listens on after it started (the real port when port 0 was asked for).</summary>
    public static Uri BaseAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the host is not started");
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>The keyless client-library endpoint (<c>rpcBaseUrl</c>, <see cref="LoopHostOptions.RpcUrl"/>) once
    /// the host started, or null when it is off.</summary>
    public static Uri? RpcBaseAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<RpcListener>().BaseUrl;
    }

    /// <summary>The Durable Task engine on the backend host.json names, with the loop orchestrator and activities.</summary>
    /// <returns>A description of the store for the start-up line, without secrets.</returns>
    private static string AddStore(IServiceCollection services, IConfiguration configuration, HostJsonSettings hostJson, LoopHostSettings settings, LoopHostOptions options, string root)
    {
        var durable = services.AddDurableTaskEngine(o => o.DataConverter = new JsonDataConverter(LoopSerialization.Options));
        string store;
        string defaultWorkRoot;
        if (hostJson.Backend == StorageBackend.Sqlite)
        {
            var path = Path.GetFullPath(settings.StorePath ?? hostJson.SqlitePath, root);
            durable.UseHostJson(hostJson, configuration).UseSqlite(o => o.Path = path);
            store = "sqlite " + path;
            defaultWorkRoot = Path.Combine(Path.GetDirectoryName(path)!, "workspaces");

            // Beside the store, where loopfn logs and loopfn run read them, also when LoopFunctions:WorkRoot moves the
            // run folders elsewhere.
            services.AddSingleton<Loops.Agents.Transcripts.ITranscriptStore>(new Loops.Agents.Transcripts.FileTranscriptStore(Path.Combine(Path.GetDirectoryName(path)!, "transcripts")));
        }
        else
        {
            UseAzureStorage(durable, services, hostJson, configuration);

            // Never the connection string: it holds the account key.
            store = $"azure storage ({hostJson.AzureStorage.ConnectionStringName}, hub {hostJson.HubName})";
            defaultWorkRoot = Path.Combine(root, ".loopfunctions", "workspaces");
        }

        // The keys every host reads (bound by LoopRunnerConfiguration); the work root's default depends on the store.
        services.AddLoopServices(configuration, root, o =>
        {
            if (options.WorkRoot is null)
            {
                o.WorkRoot = defaultWorkRoot;
            }
        });
        durable.AddTasks(r => r.AddLoopTasks()).AddWorker();
        // Both backends run entities (SQLite's entity queue, Azure Storage's separate one), so the pools' janitor always
        // has a store to sweep; without declared pools a sweep reads nothing.
        services.AddBudgetPoolJanitor();
        return store;
    }

    /// <summary>The Azure Storage engine and the transcripts in the hub's own Blob container (where every host of the
    /// hub reads and purges them). A method of its own, so a host on SQLite never loads the Azure Storage assemblies
    /// (DurableTask.AzureStorage, Azure.Storage.Blobs): the JIT loads a callee's assembly when it compiles the
    /// caller.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseAzureStorage(IDurableEngineBuilder durable, IServiceCollection services, HostJsonSettings hostJson, IConfiguration configuration)
    {
        durable.UseAzureStorage(hostJson, configuration);
        var name = hostJson.AzureStorage.ConnectionStringName;
        if ((configuration[name] ?? configuration.GetConnectionString(name)) is { Length: > 0 } connection)
        {
            services.AddSingleton<Loops.Agents.Transcripts.ITranscriptStore>(new Loops.Agents.Transcripts.BlobTranscriptStore(
                new Azure.Storage.Blobs.BlobContainerClient(connection, Loops.Agents.Transcripts.BlobTranscriptStore.ContainerName(hostJson.HubName))));
        }
    }

    /// <summary>The trigger handlers <c>loopfn serve</c> shares with the Azure Functions app.</summary>
    private static void AddTriggers(IServiceCollection services, LoopHostOptions options, string root)
    {
        // Bound again in the container (the same binding, fallbacks and validator as options.Triggers) so the webhooks
        // take it like any options type.
        services.AddTriggerOptions();
        services.AddSingleton(sp => new LoopFolder(Path.GetFullPath(sp.GetRequiredService<TriggerOptions>().LoopsFolder, root), sp.GetRequiredService<ILogger<LoopFolder>>(), options.Prices));
        services.AddSingleton(new DeliveryLog());
        services.AddSingleton(sp => new LoopLauncher(sp.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>(), sp.GetRequiredService<ScheduleClock>().Time, sp.GetRequiredService<ILogger<LoopLauncher>>()));
        services.AddSingleton<ILoopPreflight, RunnerPreflight>();
        services.AddSingleton(sp => RepositoryOverrides.From(sp.GetRequiredService<TriggerOptions>()));
        services.AddSingleton<HttpLoopStarter>();
        services.AddSingleton<GitHubDeliveryHandler>();
        services.AddSingleton<GitHubWebhook>();
        services.AddSingleton<GenericWebhook>();
        services.AddSingleton<LoopApprovals>();
        services.AddSingleton<ScheduleLauncher>();
    }

    private static void AddTelemetry(WebApplicationBuilder builder)
    {
        // Exporting is opt-in with the standard OpenTelemetry variable, so a plain local run sends nothing anywhere.
        if (string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(TriggerTelemetry.Name).AddAspNetCoreInstrumentation().AddOtlpExporter())
            .WithMetrics(m => m.AddMeter(TriggerTelemetry.Name).AddAspNetCoreInstrumentation().AddOtlpExporter());
    }
}

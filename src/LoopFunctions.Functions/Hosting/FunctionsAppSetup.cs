using System.Text.Json;
using Azure.Core.Serialization;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;
using LoopFunctions.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoopFunctions.Functions.Hosting;

/// <summary>The app's services: the loop activities' dependencies, the trigger settings, the HTTP starter's preflight
/// and the payload serializer.</summary>
public static class FunctionsAppSetup
{
    /// <summary>Adds what the functions take. <paramref name="contentRoot"/> is the app's folder: the loops folder
    /// (<c>LoopFunctions:LoopsFolder</c>, default <c>loops</c>) is relative to it.</summary>
    /// <exception cref="TriggerConfigurationException">A trigger setting has a bad value.</exception>
    /// <exception cref="Loops.Errors.LoopFunctionsException">A <c>LoopFunctions:Prices</c> setting is not a price.</exception>
    public static IServiceCollection AddLoopFunctionsApp(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(LoopSerialization.Options));
        var prices = PriceSettings.Table(configuration);
        var options = TriggerOptions.Read(configuration);
        var loopsFolder = Path.GetFullPath(options.LoopsFolder, contentRoot);
        // Before the loop services, whose file store beside the work root is only the fallback.
        FunctionsTranscripts.Add(services, configuration, contentRoot);
        services.AddLoopServices(configuration, contentRoot);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new LoopTriggerSettings(options, loopsFolder) { Prices = prices });
        // The starter checks the machine that serves the start: this app runs the steps itself, from the same
        // deployment, so a missing key or program found here is one the run's step would fail on after spending.
        services.AddSingleton<ILoopPreflight, RunnerPreflight>();
        services.AddSingleton<LoopTriggers>();
        return services;
    }
}

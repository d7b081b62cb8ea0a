using System.Text.Json;
using Azure.Core.Serialization;
using LoopFunctions.Loops;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoopFunctions.Functions.Hosting;

/// <summary>The app's services: the loop activities' dependencies, the trigger settings and the payload serializer.</summary>
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
        services.AddLoopServices(o =>
        {
            o.Prices = prices;
            o.LoopsFolder = loopsFolder;
            if (configuration["LoopFunctions:WorkRoot"] is { Length: > 0 } workRoot)
            {
                o.WorkRoot = Path.GetFullPath(workRoot, contentRoot);
            }

            // Read inside the publish activity only: never part of a loop's input, history or status.
            o.PublishConnectionString = configuration["LoopFunctions:Publish:Connection"] ?? configuration["LOOPFN_PUBLISH_CONNECTION"] ?? configuration["AzureWebJobsStorage"];
            o.PublishSigningKey = configuration["LoopFunctions:Publish:SigningKey"] ?? configuration["LOOPFN_PUBLISH_KEY"];
            // Read inside the GitHub steps only: never in a loop file, a history, or an agent's environment.
            o.GitHubToken = configuration["LoopFunctions:GitHub:Token"] is { Length: > 0 } token ? token : configuration["GITHUB_TOKEN"];
            if (configuration["LoopFunctions:GitHub:ApiUrl"] is { Length: > 0 } api)
            {
                o.GitHubApiUrl = new Uri(api);
            }
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new LoopTriggerSettings(options, loopsFolder) { Prices = prices });
        services.AddSingleton<LoopTriggers>();
        return services;
    }
}

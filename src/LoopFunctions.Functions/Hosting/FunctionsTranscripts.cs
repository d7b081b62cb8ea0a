using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using LoopFunctions.Loops.Agents.Transcripts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.Functions.Hosting;

/// <summary>
/// The Functions app's agent transcripts: in the task hub's storage account, container <c>&lt;hub&gt;-transcripts</c>
/// (<see cref="BlobTranscriptStore"/>), where every instance of the app writes them and <c>loopfn serve</c> on the same
/// hub reads and purges them; never on one worker's disk, which the next step of the run may not land on.
/// </summary>
/// <remarks>The hub and the connection are the ones the Durable extension reads: host.json's
/// <c>extensions.durableTask.hubName</c> and <c>storageProvider.connectionName</c> (or <c>connectionStringName</c>,
/// default <c>AzureWebJobsStorage</c>), each overridable by an <c>AzureFunctionsJobHost__...</c> setting. The
/// connection is a connection string, or identity-based as the Functions host reads it
/// (<c>&lt;name&gt;__blobServiceUri</c> or <c>__accountName</c>, with <c>__credential=managedidentity</c> and
/// <c>__clientId</c>).</remarks>
internal static class FunctionsTranscripts
{
    private const string DefaultConnection = "AzureWebJobsStorage";

    /// <summary>Registers the Blob store when the hub's connection is set; without one the file store beside the work
    /// root stays (a local app without storage).</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        if (Container(configuration, contentRoot) is { } container)
        {
            services.AddSingleton<ITranscriptStore>(new BlobTranscriptStore(container));
        }
    }

    /// <summary>The hub's transcripts container, or null when the hub's connection is not configured.</summary>
    public static BlobContainerClient? Container(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var durable = HostJson(contentRoot);
        var hub = Setting(configuration, durable, "hubName")
            // The Durable extension's own default when host.json names none: the site's name in Azure.
            ?? configuration["WEBSITE_SITE_NAME"] ?? "TestHubName";
        var name = Setting(configuration, durable, "storageProvider:connectionName")
            ?? Setting(configuration, durable, "storageProvider:connectionStringName")
            ?? DefaultConnection;
        var container = BlobTranscriptStore.ContainerName(hub);
        if ((configuration[name] ?? configuration.GetConnectionString(name)) is { Length: > 0 } connection)
        {
            return new BlobContainerClient(connection, container);
        }

        var identity = configuration.GetSection(name);
        var service = identity["blobServiceUri"] is { Length: > 0 } uri ? new Uri(uri)
            : identity["accountName"] is { Length: > 0 } account ? new Uri($"https://{account}.blob.core.windows.net")
            : null;
        return service is null ? null : new BlobServiceClient(service, Credential(identity)).GetBlobContainerClient(container);
    }

    private static TokenCredential Credential(IConfigurationSection identity) =>
        string.Equals(identity["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(identity["clientId"] is { Length: > 0 } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();

    /// <summary>A durableTask setting: the app setting that overrides host.json, else host.json's value, with a
    /// <c>%name%</c> value read from the app settings as the Functions host does.</summary>
    private static string? Setting(IConfiguration configuration, JsonNode? durable, string path)
    {
        var value = configuration["AzureFunctionsJobHost:extensions:durableTask:" + path];
        if (value is null)
        {
            var node = durable;
            foreach (var part in path.Split(':'))
            {
                node = node is JsonObject o ? o[part] : null;
            }

            value = node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        }

        return value is { Length: > 2 } && value[0] == '%' && value[^1] == '%' ? configuration[value[1..^1]] : value is { Length: > 0 } ? value : null;
    }

    private static JsonNode? HostJson(string contentRoot)
    {
        var path = Path.Combine(contentRoot, "host.json");
        return File.Exists(path)
            ? JsonNode.Parse(File.ReadAllText(path), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })?["extensions"]?["durableTask"]
            : null;
    }
}

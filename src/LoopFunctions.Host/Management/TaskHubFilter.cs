using LoopFunctions.DurableTask.Configuration;
using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Host.Management;

/// <summary>The <c>taskHub</c> query parameter the client libraries send: this host's hub (any case) or none is
/// served; another hub is read where this host can (the instance list, on SQLite, whose file may hold several hubs),
/// and everything else is a clear 400 rather than an answer about the wrong hub.</summary>
internal sealed class TaskHubFilter(HostJsonSettings hostJson) : IEndpointFilter
{
    public const string Parameter = "taskHub";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var other = OtherHub(context.HttpContext.Request, hostJson);
        if (other is null
            || (hostJson.Backend == StorageBackend.Sqlite && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<DurableApiBase>() is { ReadsOtherTaskHubs: true }))
        {
            return await next(context).ConfigureAwait(false);
        }

        return ApiResults.BadRequest(
            $"this host serves task hub '{hostJson.HubName}', not '{other}'; run a host with \"hubName\": \"{other}\" in host.json to reach that hub"
            + (hostJson.Backend == StorageBackend.Sqlite ? " (the instance list reads other hubs of the same SQLite file)" : ""));
    }

    /// <summary>The hub the request names when it is not this host's, else null.</summary>
    public static string? OtherHub(HttpRequest request, HostJsonSettings hostJson)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(hostJson);
        var asked = request.Query[Parameter].ToString().Trim();
        return asked.Length == 0 || asked.Equals(hostJson.HubName, StringComparison.OrdinalIgnoreCase) ? null : asked;
    }
}

using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Host.Management;

/// <summary>The Durable Functions "check status" payload an HTTP starter answers with, so clients written for
/// <c>CreateCheckStatusResponse</c> work unchanged.</summary>
internal sealed record CheckStatusPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string SuspendPostUri,
    string ResumePostUri,
    string RestartPostUri)
{
    public const string BasePath = "/runtime/webhooks/durabletask";

    /// <summary>Builds the URIs from the request's own scheme and host. The caller's key is repeated in them (as
    /// Functions does with its system key) so they work as given; a caller without a key gets URIs without one.</summary>
    public static CheckStatusPayload For(HttpRequest request, string instanceId, string hubName)
    {
        var instance = $"{request.Scheme}://{request.Host}{request.PathBase}{BasePath}/instances/{Uri.EscapeDataString(instanceId)}";
        var query = $"taskHub={Uri.EscapeDataString(hubName)}&connection=Storage";
        if (Auth.FunctionKeyFilter.GivenKey(request) is { } key)
        {
            query += "&code=" + Uri.EscapeDataString(key);
        }

        return new CheckStatusPayload(
            instanceId,
            $"{instance}?{query}",
            $"{instance}/raiseEvent/{{eventName}}?{query}",
            $"{instance}/terminate?reason={{text}}&{query}",
            $"{instance}?{query}",
            $"{instance}/suspend?reason={{text}}&{query}",
            $"{instance}/resume?reason={{text}}&{query}",
            $"{instance}/restart?{query}");
    }

    /// <summary>202 Accepted with <c>Location</c> (the status URI) and the payload, as a starter answers.</summary>
    public IResult Accepted() => Results.Accepted(StatusQueryGetUri, this);
}

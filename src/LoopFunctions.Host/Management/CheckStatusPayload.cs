using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Host.Management;

/// <summary>The Durable Functions "check status" payload a start answers with, so clients written for
/// <c>CreateCheckStatusResponse</c> work unchanged. Fields in Durable Functions' order.</summary>
internal sealed record CheckStatusPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri)
{
    public const string BasePath = "/runtime/webhooks/durabletask";

    /// <summary>Durable Functions' <c>Retry-After</c> on a start's 202, in seconds.</summary>
    public const int StartRetryAfterSeconds = 10;

    /// <summary>Builds the URIs from the request's own scheme and host, under <paramref name="basePath"/> (the listener
    /// the start came through). The caller's key is repeated in them (as Functions does with its system key) so they
    /// work as given; a caller without a key gets URIs without one.</summary>
    public static CheckStatusPayload For(HttpRequest request, string instanceId, string hubName, string basePath = BasePath)
    {
        var instance = $"{request.Scheme}://{request.Host}{request.PathBase}{basePath}/instances/{Uri.EscapeDataString(instanceId)}";
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
            $"{instance}/restart?{query}",
            $"{instance}/suspend?reason={{text}}&{query}",
            $"{instance}/resume?reason={{text}}&{query}");
    }

    /// <summary>202 Accepted with <c>Location</c> (the status URI), <c>Retry-After</c> and the payload, as a start answers.</summary>
    public IResult Accepted(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = StartRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Accepted(StatusQueryGetUri, this);
    }
}

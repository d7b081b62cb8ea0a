using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Auth;

/// <summary>The keyless client-library endpoint's only check: the caller is on this machine. The listener binds a
/// loopback address only (<see cref="Hosting.RpcListener"/>); this refuses, besides, anything that did not arrive on
/// a loopback address from a loopback address, and anything a proxy forwarded (<c>X-Forwarded-For</c>,
/// <c>Forwarded</c>), which would otherwise come from the proxy's own loopback address.</summary>
internal sealed class LoopbackOnlyFilter(ILogger<LoopbackOnlyFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (Check(http) is not { } reason)
        {
            return await next(context).ConfigureAwait(false);
        }

        logger.Unauthorized(http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString(), reason);
        return ApiResults.Error(StatusCodes.Status403Forbidden, reason);
    }

    /// <summary>The reason to refuse the request, or null to let it through.</summary>
    public static string? Check(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote)
            || http.Connection.LocalIpAddress is not { } local || !IPAddress.IsLoopback(local))
        {
            return "the client-library endpoint serves callers on this machine only";
        }

        return http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded")
            ? "the client-library endpoint does not serve forwarded requests; call the keyed API instead"
            : null;
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using LoopFunctions.Host.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Auth;

/// <summary>Function-key authorization as Azure Functions does it: the key in the <c>x-functions-key</c> header or
/// the <c>code</c> query parameter. With no key configured the host only listens on loopback
/// (<see cref="LoopHostConfiguration.CheckBindings"/>), and requests from other addresses are still refused here in
/// case a proxy forwards them.</summary>
internal sealed class FunctionKeyFilter(LoopHostOptions options, ILogger<FunctionKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "x-functions-key";

    private readonly byte[][] _keyHashes = options.Keys.Select(Hash).ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var reason = Check(http);
        if (reason is null)
        {
            return await next(context).ConfigureAwait(false);
        }

        logger.Unauthorized(http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString(), reason);
        return ApiResults.Error(StatusCodes.Status401Unauthorized, reason);
    }

    /// <summary>The reason to refuse the request, or null to let it through.</summary>
    public string? Check(HttpContext http)
    {
        if (_keyHashes.Length == 0)
        {
            var remote = http.Connection.RemoteIpAddress;
            return remote is null || IPAddress.IsLoopback(remote) ? null : "no keys are configured, so only loopback callers are served";
        }

        var given = GivenKey(http.Request);
        if (given is null)
        {
            return $"a function key is required (the {HeaderName} header or the code query parameter)";
        }

        var hash = Hash(given);
        var match = false;

        // Compare against every key, without stopping early, in constant time: no timing hint about which key is close.
        foreach (var key in _keyHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, key);
        }

        return match ? null : "the function key is not valid";
    }

    /// <summary>The key the caller sent: the <c>x-functions-key</c> header, else the <c>code</c> query parameter.</summary>
    public static string? GivenKey(HttpRequest request)
    {
        string? given = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(given))
        {
            given = request.Query["code"];
        }

        return string.IsNullOrEmpty(given) ? null : given;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

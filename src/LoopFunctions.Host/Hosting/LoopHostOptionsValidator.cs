using System.Net;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Host.Hosting;

/// <summary>The rules of <see cref="LoopHostOptions"/>, written once: <see cref="LoopHost.Build"/> applies them to the
/// options it read (before it listens, since the request limit and the listeners depend on them), and the container
/// holds them as validated options. Each failure names the configuration key and the rule.</summary>
public sealed class LoopHostOptionsValidator : IValidateOptions<LoopHostOptions>
{
    /// <summary>The shortest function key accepted.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>The smallest request body limit accepted, in bytes.</summary>
    public const long MinimumRequestBodyBytes = 1024;

    public ValidateOptionsResult Validate(string? name, LoopHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Keys.Any(k => k.Length < MinimumKeyLength))
        {
            errors.Add($"{LoopHostOptions.Section}:Keys: every key must have at least {MinimumKeyLength} characters.");
        }

        if (options.MaxRequestBodyBytes < MinimumRequestBodyBytes)
        {
            errors.Add($"{LoopHostOptions.Section}:MaxRequestBodyBytes: '{options.MaxRequestBodyBytes}' is not a whole number of bytes >= {MinimumRequestBodyBytes}.");
        }

        if (options.RetryAfterSeconds is < 1 or > 3600)
        {
            errors.Add($"{LoopHostOptions.Section}:RetryAfterSeconds: '{options.RetryAfterSeconds}' is not a number of seconds from 1 to 3600.");
        }

        if (options.RpcUrl is { } rpc && RpcUrlProblem(rpc) is { } problem)
        {
            errors.Add(problem);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Why <paramref name="url"/> cannot be the keyless client-library listener, or null: it has no keys, so it
    /// may only ever be reachable from this machine.</summary>
    internal static string? RpcUrlProblem(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            return $"{LoopHostOptions.Section}:RpcUrl: '{url}' is not a URL such as http://127.0.0.1:17071 (http, no path).";
        }

        var host = uri.Host.Trim('[', ']');
        var loopback = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        return loopback ? null : $"{LoopHostOptions.Section}:RpcUrl: '{url}' is not a loopback address; the client-library endpoint has no keys and listens on 127.0.0.1, [::1] or localhost only.";
    }
}

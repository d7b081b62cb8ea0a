using System.Globalization;
using System.Net;
using System.Text.Json;
using LoopFunctions.Loops.Agents.Pricing;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Triggers;
using Microsoft.Extensions.Configuration;

namespace LoopFunctions.Host.Hosting;

/// <summary>Reads <c>local.settings.json</c> and the <c>LoopFunctions</c> section, and checks that the listening
/// addresses are safe for the keys configured.</summary>
internal static class LoopHostConfiguration
{
    /// <summary>The <c>Values</c> of local.settings.json as flat configuration, as Azure Functions does (keys may use
    /// <c>:</c> or <c>__</c>). A missing file is no values.</summary>
    /// <exception cref="HostConfigurationException">The file is not valid JSON or <c>Values</c> is not an object of strings.</exception>
    public static IReadOnlyDictionary<string, string?> ReadLocalSettings(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!document.RootElement.TryGetProperty("Values", out var section))
            {
                return values;
            }

            if (section.ValueKind != JsonValueKind.Object)
            {
                throw new HostConfigurationException($"{path}: 'Values' must be an object of names to strings.");
            }

            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                    _ => throw new HostConfigurationException($"{path}: Values.{property.Name} must be a string, number or boolean."),
                };
            }
        }
        catch (JsonException ex)
        {
            throw new HostConfigurationException($"{path}:{(ex.LineNumber ?? 0) + 1}: not valid JSON: {ex.Message}", ex);
        }

        return values;
    }

    /// <summary>Reads the <see cref="LoopHostOptions.Section"/> section: values that are not of their type are
    /// refused here, and the rest is checked by <see cref="LoopHostOptionsValidator"/>, the options' one set of rules.</summary>
    /// <exception cref="HostConfigurationException">A setting has a bad value; the message names its key.</exception>
    public static LoopHostOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection(LoopHostOptions.Section);
        LoopHostOptions options;
        try
        {
            options = new LoopHostOptions { Triggers = TriggerOptions.Read(configuration), Prices = PriceSettings.Table(configuration) };
        }
        catch (Exception ex) when (ex is TriggerConfigurationException or LoopFunctionsException)
        {
            throw new HostConfigurationException(ex.Message, ex);
        }

        foreach (var key in Split(section["Keys"]).Concat(section.GetSection("Keys").GetChildren().Select(c => c.Value).OfType<string>()))
        {
            options.Keys.Add(key);
        }

        options.WorkRoot = section["WorkRoot"];
        if (section["MaxRequestBodyBytes"] is { } max)
        {
            options.MaxRequestBodyBytes = long.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                ? bytes
                : throw new HostConfigurationException($"{LoopHostOptions.Section}:MaxRequestBodyBytes: '{max}' is not a whole number of bytes >= {LoopHostOptionsValidator.MinimumRequestBodyBytes}.");
        }

        if (section["RetryAfterSeconds"] is { } retry)
        {
            options.RetryAfterSeconds = int.TryParse(retry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw new HostConfigurationException($"{LoopHostOptions.Section}:RetryAfterSeconds: '{retry}' is not a number of seconds from 1 to 3600.");
        }

        options.RpcUrl = section["RpcUrl"] is { Length: > 0 } rpc ? rpc : null;
        var result = new LoopHostOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new HostConfigurationException(string.Join(" ", result.Failures));
        }

        if (options.RpcUrl is { } valid)
        {
            options.RpcUrl = CheckRpcUrl(valid);
        }

        return options;
    }

    /// <summary>Without a key, the management API would be open to anyone who can reach the port, so the host only
    /// listens on loopback then.</summary>
    /// <exception cref="HostConfigurationException">No key is configured and a URL is not loopback.</exception>
    public static void CheckBindings(IEnumerable<string> urls, LoopHostOptions options)
    {
        if (options.Keys.Count > 0)
        {
            return;
        }

        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                throw new HostConfigurationException($"--urls: '{url}' is not a URL such as http://127.0.0.1:7071.");
            }

            var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
            if (!loopback)
            {
                throw new HostConfigurationException(
                    $"refusing to listen on {url} without a key: set LoopFunctions:Keys (local.settings.json Values or the LoopFunctions__Keys environment variable), or listen on 127.0.0.1.");
            }
        }
    }

    /// <summary>The client-library listener's address as Kestrel binds it.</summary>
    /// <exception cref="HostConfigurationException">The URL breaks <see cref="LoopHostOptionsValidator.RpcUrlProblem"/>'s rule.</exception>
    public static string CheckRpcUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (LoopHostOptionsValidator.RpcUrlProblem(url) is { } problem)
        {
            throw new HostConfigurationException(problem);
        }

        // Kestrel cannot bind "localhost" to port 0, and Durable Functions' own listener is on 127.0.0.1.
        var uri = new Uri(url.Trim(), UriKind.Absolute);
        return uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? $"http://127.0.0.1:{uri.Port}" : uri.GetLeftPart(UriPartial.Authority);
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

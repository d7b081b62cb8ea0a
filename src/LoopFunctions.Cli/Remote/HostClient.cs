using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoopFunctions.Cli.Remote;

/// <summary>Talks to a running host (<c>loopfn serve</c>) over its management API, with the function key.</summary>
internal sealed class HostClient : IDisposable
{
    public const string ManagementBase = "runtime/webhooks/durabletask/instances";

    /// <summary>The header a list query's next page is asked for with, as in Durable Functions.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";

    private readonly HttpClient _http;

    public HostClient(string baseUrl, string? key)
    {
        if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--host must be an http(s) URL such as http://127.0.0.1:7071, not '{baseUrl}'");
        }

        _http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrEmpty(key))
        {
            _http.DefaultRequestHeaders.Add("x-functions-key", key);
        }
    }

    /// <summary>The address a host is asked at when neither <c>--host</c> nor <c>LOOPFN_HOST</c> names one.</summary>
    public const string DefaultAddress = "http://127.0.0.1:7071";

    /// <summary>The host given (<c>--host</c>), else <c>LOOPFN_HOST</c>, else <see cref="DefaultAddress"/>; the key
    /// given (<c>--key</c>), else <c>LOOPFN_KEY</c>.</summary>
    public static HostClient From(string? host, string? key) => new(
        host ?? Environment.GetEnvironmentVariable("LOOPFN_HOST") ?? DefaultAddress,
        key ?? Environment.GetEnvironmentVariable("LOOPFN_KEY"));

    /// <summary>A query string of the pairs that have a value (<c>""</c> when none has).</summary>
    public static string Query(params (string Name, string? Value)[] pairs)
    {
        var present = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    public string InstanceUrl(string id, string? action = null) =>
        $"{ManagementBase}/{Uri.EscapeDataString(id)}{(action is null ? "" : "/" + action)}";

    /// <summary>Sends a request; returns the status code and JSON body (null when empty).</summary>
    /// <exception cref="HostRequestException">The host could not be reached, or answered with an error.</exception>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path (and query) under the host.</param>
    /// <param name="body">The JSON body; none when null, unless <paramref name="sendNull"/>.</param>
    /// <param name="ct">Cancels the request.</param>
    /// <param name="sendNull">Send the JSON <c>null</c> when <paramref name="body"/> is null (an event without data:
    /// the host, as Durable Functions, wants a JSON body on raiseEvent).</param>
    /// <param name="continuation">The continuation token of a list query's next page.</param>
    /// <param name="allowed">Error statuses returned instead of thrown.</param>
    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, JsonNode? body = null, CancellationToken ct = default, bool sendNull = false, string? continuation = null, params HttpStatusCode[] allowed)
    {
        using var request = new HttpRequestMessage(method, path);
        if (continuation is not null)
        {
            request.Headers.Add(ContinuationHeader, continuation);
        }

        if (body is not null || sendNull)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new HostRequestException($"cannot reach the host at {_http.BaseAddress}: {ex.Message} (is 'loopfn serve' running? --host sets the address)", ex);
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        JsonNode? json = null;
        if (text.Length > 0)
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                json = JsonValue.Create(text);
            }
        }

        if ((int)response.StatusCode >= 400 && !allowed.Contains(response.StatusCode))
        {
            var reason = json is JsonObject o && o["error"] is { } error ? error.ToString() : text;
            throw new HostRequestException($"{method} {path}: HTTP {(int)response.StatusCode} {response.StatusCode}: {reason}");
        }

        return (response.StatusCode, json, response);
    }

    public void Dispose() => _http.Dispose();
}

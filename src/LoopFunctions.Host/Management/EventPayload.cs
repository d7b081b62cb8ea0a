using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LoopFunctions.Host.Management;

/// <summary>Reads a <c>raiseEvent</c> body as Durable Functions does: <c>Content-Type: application/json</c> (any
/// parameters) and a JSON value, else 400.</summary>
/// <remarks>Python's <c>azure-functions-durable</c> client encodes event data twice: its body is a JSON string that
/// holds the JSON (<c>"{\"approved\": true}"</c>). Durable Functions takes it; so does this host, unwrapping such a
/// string once when what it holds is a JSON object or array (a plain string such as <c>"42"</c> stays a string), so
/// the orchestrator reads the object its caller meant.</remarks>
internal static class EventPayload
{
    public const string OnlyJson = "Only application/json request content is supported";

    public static async Task<(JsonElement? Payload, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var given = string.IsNullOrEmpty(request.ContentType) ? "none" : $"'{request.ContentType}'";
            return (null, ApiResults.BadRequest($"raiseEvent takes a JSON body sent with Content-Type: application/json (the content type was {given})", OnlyJson));
        }

        var bytes = await RequestBody.ReadBytesAsync(request, ct).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return (Unwrap(document.RootElement.Clone()), null);
        }
        catch (JsonException ex)
        {
            var reason = bytes.Length == 0
                ? "the body is empty; send a JSON value (null for an event without data)"
                : $"the body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}): {ex.Message}";
            return (null, ApiResults.BadRequest(reason, ApiResults.InvalidJson, typeof(JsonException).FullName));
        }
    }

    /// <summary>A JSON string holding a JSON object or array is that object or array; any other value is itself.</summary>
    public static JsonElement Unwrap(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.String || payload.GetString() is not { } text || text.TrimStart() is not ['{' or '[', ..])
        {
            return payload;
        }

        try
        {
            using var inner = JsonDocument.Parse(text);
            return inner.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? inner.RootElement.Clone() : payload;
        }
        catch (JsonException)
        {
            return payload;
        }
    }
}

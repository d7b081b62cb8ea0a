using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Host;

/// <summary>Reads request bodies with clear reasons for what is wrong with them.</summary>
internal static class RequestBody
{
    /// <summary>The body as JSON (null when empty), or the reason it is not JSON.</summary>
    public static async Task<(JsonElement? Json, string? Error)> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        var bytes = await ReadBytesAsync(request, ct).ConfigureAwait(false);
        return Parse(bytes);
    }

    public static (JsonElement? Json, string? Error) Parse(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, $"the body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}): {ex.Message}");
        }
    }

    /// <exception cref="BadHttpRequestException">The body is over the configured limit (answered 413 by the host).</exception>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }
}

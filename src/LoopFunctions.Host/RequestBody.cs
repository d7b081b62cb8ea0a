using System.Text.Json;
using LoopFunctions.Triggers.Http;
using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Host;

/// <summary>Reads request bodies with clear reasons for what is wrong with them.</summary>
internal static class RequestBody
{
    /// <summary>The body as JSON (null when empty), or the reason it is not JSON.</summary>
    public static async Task<(JsonElement? Json, string? Error)> ReadJsonAsync(HttpRequest request, CancellationToken ct)
    {
        var bytes = await ReadBytesAsync(request, ct).ConfigureAwait(false);
        return RequestJson.Parse(bytes);
    }

    /// <exception cref="BadHttpRequestException">The body is over the configured limit (answered 413 by the host).</exception>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }
}

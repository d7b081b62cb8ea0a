using System.Text.Json;

namespace LoopFunctions.Triggers.Http;

/// <summary>Reads request bodies as JSON with a clear reason for what is wrong with them.</summary>
public static class RequestJson
{
    /// <summary>The body as JSON (null when empty), or the reason it is not JSON.</summary>
    public static (JsonElement? Json, string? Error) Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, $"the body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}): {ex.Message}");
        }
    }
}

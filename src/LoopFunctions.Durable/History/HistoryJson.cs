using System.Text.Encodings.Web;
using System.Text.Json;

namespace LoopFunctions.Durable.History;

/// <summary>The one JSON form of history events, used by providers, saved replay files and the HTTP API.</summary>
public static class HistoryJson
{
    /// <summary>Web defaults (camelCase) with the <c>type</c> discriminator of <see cref="HistoryEvent"/>.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // Payloads are JSON inside JSON; keeping their quotes readable matters more than HTML-safety here, and every
        // page that shows history escapes it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(HistoryEvent e) => JsonSerializer.Serialize(e, Options);

    public static string Serialize(IReadOnlyList<HistoryEvent> events) => JsonSerializer.Serialize(events, Options);

    /// <exception cref="PayloadFormatException">The text is not a history event this version knows.</exception>
    public static HistoryEvent Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<HistoryEvent>(json, Options)
                ?? throw new PayloadFormatException("A history event was stored as JSON null.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new PayloadFormatException($"Cannot read a history event: {ex.Message}", ex);
        }
    }

    /// <exception cref="PayloadFormatException">The text is not a list of history events.</exception>
    public static IReadOnlyList<HistoryEvent> DeserializeList(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<HistoryEvent>>(json, Options)
                ?? throw new PayloadFormatException("A history was stored as JSON null.");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new PayloadFormatException($"Cannot read a history: {ex.Message}", ex);
        }
    }
}

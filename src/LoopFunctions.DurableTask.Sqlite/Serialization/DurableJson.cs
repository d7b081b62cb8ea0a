using System.Text;
using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json;

namespace LoopFunctions.DurableTask.Sqlite.Serialization;

/// <summary>
/// How events and messages are stored. The events and messages of the hot path are written in the compact format
/// (<see cref="CompactJsonWriter"/>); everything else, and every row written before it existed, is Newtonsoft with type
/// names (as DTFx itself serializes them), restricted to DurableTask.Core types. Each row is read by the codec that
/// wrote it, told apart by its first member, so a file keeps working across the change and may mix both. Times are
/// always UTC. Every field DTFx puts on them round-trips, because the whole object is stored, not a projection of it.
/// </summary>
internal static class DurableJson
{
    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.Objects,
        SerializationBinder = DurableTaskTypeBinder.Instance,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        DateParseHandling = DateParseHandling.None,
        // DTFx's events are [DataContract]s with non-public parameterless constructors (several have more than one
        // public one): build them that way and set every member, as DataContractSerializer would.
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        ContractResolver = DurableContractResolver.Instance,
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
    });

    public static string Serialize(HistoryEvent historyEvent) => CompactJsonWriter.TryWrite(historyEvent) ?? SerializeTypeNamed(historyEvent);

    public static string Serialize(TaskMessage message) => CompactJsonWriter.TryWrite(message) ?? SerializeTypeNamed(message);

    /// <summary>The type-named (Newtonsoft) form, whatever the event: rows written before the compact format, events it
    /// does not cover, and the history JSON handed to clients.</summary>
    public static string SerializeTypeNamed(HistoryEvent historyEvent) => Write(historyEvent, typeof(HistoryEvent));

    public static string SerializeTypeNamed(TaskMessage message) => Write(message, typeof(TaskMessage));

    /// <summary>A stored event row as type-named JSON (as clients of <c>GetOrchestrationHistoryAsync</c> read it).</summary>
    public static string ToTypeNamed(string eventRow) => CompactJsonReader.IsCompact(eventRow) ? SerializeTypeNamed(ReadEvent(eventRow)) : eventRow;

    public static string Serialize(FailureDetails failure) => Write(failure, typeof(FailureDetails));

    public static string Serialize(ParentInstance parent) => Write(parent, typeof(ParentInstance));

    public static string Serialize(IDictionary<string, string> tags) => Write(tags, typeof(IDictionary<string, string>));

    public static HistoryEvent ReadEvent(string json) => CompactJsonReader.IsCompact(json) ? Compact(json, CompactJsonReader.ReadEvent) : Read<HistoryEvent>(json);

    public static TaskMessage ReadMessage(string json) => CompactJsonReader.IsCompact(json) ? Compact(json, CompactJsonReader.ReadMessage) : Read<TaskMessage>(json);

    public static T Read<T>(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json));
        return Serializer.Deserialize<T>(reader) ?? throw new JsonSerializationException($"A stored {typeof(T).Name} was null.");
    }

    /// <summary>Reads a compact row; a malformed one fails as a type-named one does (the callers fail or skip unreadable
    /// rows on Newtonsoft's <see cref="JsonException"/>).</summary>
    private static T Compact<T>(string json, Func<string, T> read)
    {
        try
        {
            return read(json);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new JsonSerializationException($"A stored compact {typeof(T).Name} could not be read: {ex.Message}", ex);
        }
    }

    private static string Write(object value, Type declared)
    {
        var builder = new StringBuilder(256);
        using (var writer = new StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture))
        {
            Serializer.Serialize(writer, value, declared);
        }

        return builder.ToString();
    }
}

using System.Text;
using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json;

namespace LoopFunctions.DurableTask.Sqlite.Serialization;

/// <summary>
/// How events and messages are stored: Newtonsoft with type names (as DTFx itself serializes them), restricted to
/// DurableTask.Core types, times always UTC. Every field DTFx puts on them round-trips, because the whole object is
/// stored, not a projection of it.
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

    public static string Serialize(HistoryEvent historyEvent) => Write(historyEvent, typeof(HistoryEvent));

    public static string Serialize(TaskMessage message) => Write(message, typeof(TaskMessage));

    public static string Serialize(FailureDetails failure) => Write(failure, typeof(FailureDetails));

    public static string Serialize(ParentInstance parent) => Write(parent, typeof(ParentInstance));

    public static string Serialize(IDictionary<string, string> tags) => Write(tags, typeof(IDictionary<string, string>));

    public static HistoryEvent ReadEvent(string json) => Read<HistoryEvent>(json);

    public static TaskMessage ReadMessage(string json) => Read<TaskMessage>(json);

    public static T Read<T>(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json));
        return Serializer.Deserialize<T>(reader) ?? throw new JsonSerializationException($"A stored {typeof(T).Name} was null.");
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

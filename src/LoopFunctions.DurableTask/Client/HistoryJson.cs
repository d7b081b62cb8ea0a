using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;

namespace LoopFunctions.DurableTask.Client;

/// <summary>DTFx history events to and from JSON without type names: each element's <c>EventType</c> (a name or a
/// number) says which <see cref="HistoryEvent"/> it is.</summary>
/// <remarks>This is the shape backends return from <c>GetOrchestrationHistoryAsync</c> (Azure Storage serializes with
/// Newtonsoft's defaults and no type names), and the shape of history files kept for <c>loopfn replay-check</c>.
/// Unknown members are ignored, so files written by a newer DTFx still load.</remarks>
public static class HistoryJson
{
    private static readonly JsonSerializer Reader = JsonSerializer.Create(new JsonSerializerSettings
    {
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        TypeNameHandling = TypeNameHandling.None,
        MetadataPropertyHandling = MetadataPropertyHandling.Ignore,
    });

    private static readonly JsonSerializerSettings WriterSettings = new()
    {
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        NullValueHandling = NullValueHandling.Ignore,
        TypeNameHandling = TypeNameHandling.None,
        Converters = { new StringEnumConverter() },
    };

    /// <summary>Reads a JSON array of history events.</summary>
    /// <exception cref="FormatException">The text is not such an array, or an element has no known <c>EventType</c>.</exception>
    public static IList<HistoryEvent> Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JArray array;
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.DateTime, DateTimeZoneHandling = DateTimeZoneHandling.Utc };
            array = JArray.Load(reader);
        }
        catch (JsonReaderException ex)
        {
            throw new FormatException($"History JSON is not an array of events: {ex.Message}", ex);
        }

        var events = new List<HistoryEvent>(array.Count);
        foreach (var element in array)
        {
            if (element is not JObject item)
            {
                throw new FormatException($"History JSON element {events.Count} is not an object.");
            }

            var type = EventTypeOf(item, events.Count);
            events.Add(type == EventType.ExecutionRewound ? Rewound(item) : (HistoryEvent)(item.ToObject(ClrType(type), Reader)
                ?? throw new FormatException($"History JSON element {events.Count} ({type}) is empty.")));
        }

        return events;
    }

    /// <summary>Writes events as an indented JSON array with event types by name.</summary>
    public static string Serialize(IEnumerable<HistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return JsonConvert.SerializeObject(events.ToList(), Formatting.Indented, WriterSettings);
    }

    /// <summary>DTFx gives <see cref="ExecutionRewoundEvent"/> no parameterless constructor, so Newtonsoft cannot create
    /// one (Azure Storage's queue reader fails on it the same way); build it, then fill in the rest.</summary>
    private static ExecutionRewoundEvent Rewound(JObject item)
    {
        var rewound = new ExecutionRewoundEvent(item.Value<int?>(nameof(HistoryEvent.EventId)) ?? -1);
        using var reader = item.CreateReader();
        Reader.Populate(reader, rewound);
        return rewound;
    }

    private static EventType EventTypeOf(JObject item, int index)
    {
        var token = item.Properties().FirstOrDefault(p => p.Name.Equals(nameof(HistoryEvent.EventType), StringComparison.OrdinalIgnoreCase))?.Value;
        return token?.Type switch
        {
            JTokenType.Integer when Enum.IsDefined(typeof(EventType), token.Value<int>()) => (EventType)token.Value<int>(),
            JTokenType.String when Enum.TryParse<EventType>(token.Value<string>(), ignoreCase: true, out var named) && Enum.IsDefined(named) => named,
            _ => throw new FormatException($"History JSON element {index} has no known EventType (was {token?.ToString(Formatting.None) ?? "missing"})."),
        };
    }

    private static Type ClrType(EventType type) => type switch
    {
        EventType.ExecutionStarted => typeof(ExecutionStartedEvent),
        EventType.ExecutionCompleted => typeof(ExecutionCompletedEvent),
        EventType.ExecutionTerminated => typeof(ExecutionTerminatedEvent),
        EventType.TaskScheduled => typeof(TaskScheduledEvent),
        EventType.TaskCompleted => typeof(TaskCompletedEvent),
        EventType.TaskFailed => typeof(TaskFailedEvent),
        EventType.SubOrchestrationInstanceCreated => typeof(SubOrchestrationInstanceCreatedEvent),
        EventType.SubOrchestrationInstanceCompleted => typeof(SubOrchestrationInstanceCompletedEvent),
        EventType.SubOrchestrationInstanceFailed => typeof(SubOrchestrationInstanceFailedEvent),
        EventType.TimerCreated => typeof(TimerCreatedEvent),
        EventType.TimerFired => typeof(TimerFiredEvent),
        EventType.OrchestratorStarted => typeof(OrchestratorStartedEvent),
        EventType.OrchestratorCompleted => typeof(OrchestratorCompletedEvent),
        EventType.EventSent => typeof(EventSentEvent),
        EventType.EventRaised => typeof(EventRaisedEvent),
        EventType.ContinueAsNew => typeof(ContinueAsNewEvent),
        EventType.GenericEvent => typeof(GenericEvent),
        EventType.HistoryState => typeof(HistoryStateEvent),
        EventType.ExecutionSuspended => typeof(ExecutionSuspendedEvent),
        EventType.ExecutionResumed => typeof(ExecutionResumedEvent),
        EventType.ExecutionRewound => typeof(ExecutionRewoundEvent),

        // ExecutionFailed has no class of its own in DTFx: failures are ExecutionCompleted with status Failed.
        _ => throw new FormatException($"History event type {type} has no DTFx class."),
    };
}

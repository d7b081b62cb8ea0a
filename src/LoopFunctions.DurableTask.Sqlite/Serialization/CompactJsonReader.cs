using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;

namespace LoopFunctions.DurableTask.Sqlite.Serialization;

/// <summary>Reads the rows <see cref="CompactJsonWriter"/> wrote, building each event through the constructor DTFx
/// gives it, as the type-named codec does. Throws <see cref="JsonException"/> on anything else.</summary>
internal static class CompactJsonReader
{
    private const int StackLimit = 1024;
    private const int MaxName = 8;

    /// <summary>Whether a stored row is in the compact format (the type-named format always starts with <c>{"$type"</c>).</summary>
    public static bool IsCompact(string json) => json.StartsWith("{\"v\":", StringComparison.Ordinal);

    public static HistoryEvent ReadEvent(string json) => (HistoryEvent)Parse(json, message: false);

    public static TaskMessage ReadMessage(string json) => (TaskMessage)Parse(json, message: true);

    private static object Parse(string json, bool message)
    {
        byte[]? rented = null;
        var length = Encoding.UTF8.GetByteCount(json);
        Span<byte> bytes = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(json, bytes);
            var reader = new Utf8JsonReader(bytes[..written]);
            reader.Read();
            return message ? Message(ref reader) : Event(ref reader);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static TaskMessage Message(ref Utf8JsonReader r)
    {
        Span<char> names = stackalloc char[MaxName];
        var message = new TaskMessage();
        Expect(ref r, JsonTokenType.StartObject);
        for (var name = NextProperty(ref r, names); name >= 0; name = NextProperty(ref r, names))
        {
            switch ((ReadOnlySpan<char>)names[..name])
            {
                case "v": CheckVersion(ref r); break;
                case "e": message.Event = Event(ref r); break;
                case "sn": message.SequenceNumber = r.GetInt64(); break;
                case "oi": message.OrchestrationInstance = Instance(ref r); break;
                case "xc":
                    var context = new OrchestrationExecutionContext();
                    Expect(ref r, JsonTokenType.StartObject);
                    for (var member = NextProperty(ref r, names); member >= 0; member = NextProperty(ref r, names))
                    {
                        if (((ReadOnlySpan<char>)names[..member]) is "tg")
                        {
                            SetOrchestrationTags(context, Tags(ref r));
                        }
                        else
                        {
                            r.Skip();
                        }
                    }

                    message.OrchestrationExecutionContext = context;
                    break;
                default: r.Skip(); break;
            }
        }

        return message;
    }

    private static HistoryEvent Event(ref Utf8JsonReader r)
    {
        Span<char> names = stackalloc char[MaxName];
        Expect(ref r, JsonTokenType.StartObject);
        var f = default(CompactEventFields);
        for (var name = NextProperty(ref r, names); name >= 0; name = NextProperty(ref r, names))
        {
            switch ((ReadOnlySpan<char>)names[..name])
            {
                case "v": CheckVersion(ref r); break;
                case "t": f.Type = (EventType)r.GetInt32(); break;
                case "id": f.Id = r.GetInt32(); break;
                case "ts": f.Timestamp = r.GetInt64(); break;
                case "p": f.Played = r.GetBoolean(); break;
                case "n": f.Name = r.GetString(); break;
                case "ver": f.Version = r.GetString(); break;
                case "in": f.Input = r.GetString(); break;
                case "oi": f.Instance = Instance(ref r); break;
                case "pi": f.Parent = Parent(ref r); break;
                case "tg": f.Tags = Tags(ref r); break;
                case "co": f.Correlation = r.GetString(); break;
                case "tc": f.Trace = Trace(ref r); break;
                case "ss": f.ScheduledStart = Utc(r.GetInt64()); break;
                case "g": f.Generation = r.GetInt32(); break;
                case "gt": f.NewTrace = r.GetBoolean(); break;
                case "tsi": f.TaskScheduledId = r.GetInt32(); break;
                case "r": f.Result = r.GetString(); break;
                case "rs": f.Reason = r.GetString(); break;
                case "d": f.Details = r.GetString(); break;
                case "f": f.Failure = Failure(ref r); break;
                case "os": f.Status = (OrchestrationStatus)r.GetInt32(); break;
                case "fa": f.FireAt = Utc(r.GetInt64()); break;
                case "tid": f.TimerId = r.GetInt32(); break;
                case "iid": f.InstanceId = r.GetString(); break;
                case "cs": f.ClientSpanId = r.GetString(); break;
                default: r.Skip(); break;
            }
        }

        HistoryEvent e = f.Type switch
        {
            EventType.ExecutionStarted => new ExecutionStartedEvent(f.Id, f.Input)
            {
                Name = f.Name, Version = f.Version, OrchestrationInstance = f.Instance, ParentInstance = f.Parent, Tags = f.Tags,
                Correlation = f.Correlation, ParentTraceContext = f.Trace, ScheduledStartTime = f.ScheduledStart, Generation = f.Generation,
                GenerateNewTrace = f.NewTrace,
            },
            EventType.TaskScheduled => new TaskScheduledEvent(f.Id, f.Name!, f.Version, f.Input) { ParentTraceContext = f.Trace, Tags = f.Tags },
            EventType.TaskCompleted => new TaskCompletedEvent(f.Id, f.TaskScheduledId, f.Result),
            EventType.TaskFailed => new TaskFailedEvent(f.Id, f.TaskScheduledId, f.Reason, f.Details, f.Failure),
            EventType.OrchestratorStarted => new OrchestratorStartedEvent(f.Id),
            EventType.OrchestratorCompleted => new OrchestratorCompletedEvent(f.Id),
            EventType.ExecutionCompleted => new ExecutionCompletedEvent(f.Id, f.Result, f.Status, f.Failure),
            EventType.TimerCreated => new TimerCreatedEvent(f.Id, f.FireAt),
            EventType.TimerFired => new TimerFiredEvent(f.Id, f.FireAt) { TimerId = f.TimerId },
            EventType.EventRaised => new EventRaisedEvent(f.Id, f.Input) { Name = f.Name, ParentTraceContext = f.Trace },
            EventType.EventSent => new EventSentEvent(f.Id) { InstanceId = f.InstanceId, Name = f.Name, Input = f.Input },
            EventType.SubOrchestrationInstanceCreated => new SubOrchestrationInstanceCreatedEvent(f.Id)
            {
                Name = f.Name, Version = f.Version, InstanceId = f.InstanceId, Input = f.Input, ClientSpanId = f.ClientSpanId, Tags = f.Tags,
            },
            EventType.SubOrchestrationInstanceCompleted => new SubOrchestrationInstanceCompletedEvent(f.Id, f.TaskScheduledId, f.Result),
            EventType.SubOrchestrationInstanceFailed => new SubOrchestrationInstanceFailedEvent(f.Id, f.TaskScheduledId, f.Reason, f.Details, f.Failure),
            EventType.ExecutionTerminated => new ExecutionTerminatedEvent(f.Id, f.Input),
            _ => throw new JsonException($"Event type {f.Type} is not one the compact format stores."),
        };
        e.Timestamp = Utc(f.Timestamp);
        e.IsPlayed = f.Played;
        return e;
    }

    private static OrchestrationInstance Instance(ref Utf8JsonReader r)
    {
        Span<char> names = stackalloc char[MaxName];
        var instance = new OrchestrationInstance();
        Expect(ref r, JsonTokenType.StartObject);
        for (var name = NextProperty(ref r, names); name >= 0; name = NextProperty(ref r, names))
        {
            switch ((ReadOnlySpan<char>)names[..name])
            {
                case "i": instance.InstanceId = r.GetString(); break;
                case "x": instance.ExecutionId = r.GetString(); break;
                default: r.Skip(); break;
            }
        }

        return instance;
    }

    private static ParentInstance Parent(ref Utf8JsonReader r)
    {
        Span<char> names = stackalloc char[MaxName];
        var parent = new ParentInstance();
        Expect(ref r, JsonTokenType.StartObject);
        for (var name = NextProperty(ref r, names); name >= 0; name = NextProperty(ref r, names))
        {
            switch ((ReadOnlySpan<char>)names[..name])
            {
                case "n": parent.Name = r.GetString(); break;
                case "ver": parent.Version = r.GetString(); break;
                case "tsi": parent.TaskScheduleId = r.GetInt32(); break;
                case "oi": parent.OrchestrationInstance = Instance(ref r); break;
                default: r.Skip(); break;
            }
        }

        return parent;
    }

    private static Dictionary<string, string> Tags(ref Utf8JsonReader r)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        Expect(ref r, JsonTokenType.StartObject);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var key = r.GetString()!;
            r.Read();
            tags[key] = r.GetString()!;
        }

        return tags;
    }

    private static DistributedTraceContext Trace(ref Utf8JsonReader r)
    {
        Span<char> names = stackalloc char[MaxName];
        string? parent = null, state = null, id = null, span = null;
        DateTimeOffset? started = null;
        Expect(ref r, JsonTokenType.StartObject);
        for (var name = NextProperty(ref r, names); name >= 0; name = NextProperty(ref r, names))
        {
            switch ((ReadOnlySpan<char>)names[..name])
            {
                case "tp": parent = r.GetString(); break;
                case "tst": state = r.GetString(); break;
                case "id": id = r.GetString(); break;
                case "sp": span = r.GetString(); break;
                case "at": started = r.GetDateTimeOffset(); break;
                default: r.Skip(); break;
            }
        }

        return new DistributedTraceContext(parent!, state) { Id = id, SpanId = span, ActivityStartTime = started };
    }

    private static FailureDetails Failure(ref Utf8JsonReader r)
    {
        Span<char> names = stackalloc char[MaxName];
        string? type = null, message = null, stack = null;
        FailureDetails? inner = null;
        var nonRetriable = false;
        Expect(ref r, JsonTokenType.StartObject);
        for (var name = NextProperty(ref r, names); name >= 0; name = NextProperty(ref r, names))
        {
            switch ((ReadOnlySpan<char>)names[..name])
            {
                case "et": type = r.GetString(); break;
                case "em": message = r.GetString(); break;
                case "st": stack = r.GetString(); break;
                case "nr": nonRetriable = r.GetBoolean(); break;
                case "in": inner = Failure(ref r); break;
                default: r.Skip(); break;
            }
        }

        return new FailureDetails(type!, message!, stack, inner, nonRetriable);
    }

    private static void CheckVersion(ref Utf8JsonReader r)
    {
        if (r.GetInt32() != CompactJsonWriter.Version)
        {
            throw new JsonException($"Compact row version {r.GetInt32()} is newer than this build understands ({CompactJsonWriter.Version}).");
        }
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (r.TokenType != type)
        {
            throw new JsonException($"Expected {type} in a compact row, found {r.TokenType}.");
        }
    }

    /// <summary>Moves to the next member of the current object and onto its value, copying its name into
    /// <paramref name="buffer"/>; returns the name's length, or -1 at the object's end. Member names are short ASCII,
    /// compared as chars without allocating.</summary>
    private static int NextProperty(ref Utf8JsonReader r, scoped Span<char> buffer)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.PropertyName)
        {
            return -1;
        }

        var raw = r.ValueSpan;
        if (raw.Length > buffer.Length)
        {
            // Longer than any member this format has: skipped by the caller's default case.
            raw = raw[..buffer.Length];
        }

        for (var i = 0; i < raw.Length; i++)
        {
            buffer[i] = (char)raw[i];
        }

        r.Read();
        return raw.Length;
    }

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_OrchestrationTags")]
    private static extern void SetOrchestrationTags(OrchestrationExecutionContext context, IDictionary<string, string> tags);
}

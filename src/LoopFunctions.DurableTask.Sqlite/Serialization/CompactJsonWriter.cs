using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;

namespace LoopFunctions.DurableTask.Sqlite.Serialization;

/// <summary>
/// Writes the events and messages of the hot path (a step's start, schedule, result, timer, raise, sub-orchestration,
/// end) in the compact format: System.Text.Json, short member names, times as UTC ticks, no type names. Newtonsoft
/// with type names resolves types, contracts and converters by reflection per object; this is a direct write, several
/// times cheaper per event. Anything it does not cover returns false and keeps the type-named format.
/// </summary>
/// <remarks>A compact row starts with <c>{"v":1</c>; a type-named one always starts with <c>{"$type"</c> (Newtonsoft
/// writes the type first), so each row says which codec wrote it. Not a source-generated JsonSerializerContext: DTFx's
/// events have private and internal setters and several constructors, which generated metadata cannot use without
/// attributes on types we do not own, and a mirror DTO per event would cost an allocation per event.</remarks>
internal static class CompactJsonWriter
{
    public const int Version = 1;

    private static readonly JsonWriterOptions Options = new()
    {
        // Rows are read only by this code: inputs (JSON text) keep their quotes as \" instead of \u0022, and non-ASCII
        // stays as it is. Nothing here is ever embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly FrozenSet<Type> CoveredTypes = new[]
    {
        typeof(ExecutionStartedEvent), typeof(TaskScheduledEvent), typeof(TaskCompletedEvent), typeof(TaskFailedEvent),
        typeof(OrchestratorStartedEvent), typeof(OrchestratorCompletedEvent), typeof(ExecutionCompletedEvent), typeof(TimerCreatedEvent),
        typeof(TimerFiredEvent), typeof(EventRaisedEvent), typeof(EventSentEvent), typeof(SubOrchestrationInstanceCreatedEvent),
        typeof(SubOrchestrationInstanceCompletedEvent), typeof(SubOrchestrationInstanceFailedEvent), typeof(ExecutionTerminatedEvent),
    }.ToFrozenSet();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The compact row of an event, or null when the event is not one this codec covers.</summary>
    public static string? TryWrite(HistoryEvent historyEvent) => Covers(historyEvent) ? Write(historyEvent, null) : null;

    /// <summary>The compact row of a message, or null when its event is not one this codec covers.</summary>
    public static string? TryWrite(TaskMessage message) => message.Event is { } e && Covers(e) ? Write(null, message) : null;

    /// <summary>Whether the event and everything it holds can be written compactly: exactly these types (not their
    /// subclasses: ContinueAsNewEvent is an ExecutionCompletedEvent), and no FailureDetails.Properties, which hold
    /// arbitrary objects that only the type-named format keeps with their types.</summary>
    public static bool Covers(HistoryEvent historyEvent) => CoveredTypes.Contains(historyEvent.GetType()) && historyEvent switch
    {
        ExecutionCompletedEvent c => Plain(c.FailureDetails),
        TaskFailedEvent f => Plain(f.FailureDetails),
        SubOrchestrationInstanceFailedEvent s => Plain(s.FailureDetails),
        _ => true,
    };

    private static bool Plain(FailureDetails? failure) => failure is null || (failure.Properties is null && Plain(failure.InnerFailure));

    private static string Write(HistoryEvent? historyEvent, TaskMessage? message)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Options);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        if (message is not null)
        {
            WriteMessage(writer, message);
        }
        else
        {
            WriteEvent(writer, historyEvent!);
        }

        writer.Flush();
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (buffer.Capacity > 1 << 20)
        {
            // A large payload passed through: do not keep its buffer for the thread's lifetime.
            t_buffer = null;
            t_writer = null;
        }

        return text;
    }

    private static void WriteMessage(Utf8JsonWriter w, TaskMessage message)
    {
        w.WriteStartObject();
        w.WriteNumber("v", Version);
        w.WritePropertyName("e");
        WriteEvent(w, message.Event);
        w.WriteNumber("sn", message.SequenceNumber);
        Instance(w, "oi", message.OrchestrationInstance);
        if (message.OrchestrationExecutionContext is { } context)
        {
            w.WriteStartObject("xc");
            Tags(w, "tg", context.OrchestrationTags);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter w, HistoryEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber("v", Version);
        w.WriteNumber("t", (int)e.EventType);
        w.WriteNumber("id", e.EventId);
        w.WriteNumber("ts", Ticks(e.Timestamp));
        if (e.IsPlayed)
        {
            w.WriteBoolean("p", true);
        }

        switch (e)
        {
            case ExecutionStartedEvent s:
                Str(w, "n", s.Name);
                Str(w, "ver", s.Version);
                Str(w, "in", s.Input);
                Instance(w, "oi", s.OrchestrationInstance);
                if (s.ParentInstance is { } parent)
                {
                    w.WriteStartObject("pi");
                    Str(w, "n", parent.Name);
                    Str(w, "ver", parent.Version);
                    w.WriteNumber("tsi", parent.TaskScheduleId);
                    Instance(w, "oi", parent.OrchestrationInstance);
                    w.WriteEndObject();
                }

                Tags(w, "tg", s.Tags);
                Str(w, "co", s.Correlation);
                Trace(w, s.ParentTraceContext);
                if (s.ScheduledStartTime is { } start)
                {
                    w.WriteNumber("ss", Ticks(start));
                }

                if (s.Generation is { } generation)
                {
                    w.WriteNumber("g", generation);
                }

                if (s.GenerateNewTrace)
                {
                    w.WriteBoolean("gt", true);
                }

                break;
            case TaskScheduledEvent s:
                Str(w, "n", s.Name);
                Str(w, "ver", s.Version);
                Str(w, "in", s.Input);
                Trace(w, s.ParentTraceContext);
                Tags(w, "tg", s.Tags);
                break;
            case TaskCompletedEvent c:
                w.WriteNumber("tsi", c.TaskScheduledId);
                Str(w, "r", c.Result);
                break;
            case TaskFailedEvent f:
                w.WriteNumber("tsi", f.TaskScheduledId);
                Str(w, "rs", f.Reason);
                Str(w, "d", f.Details);
                Failure(w, "f", f.FailureDetails);
                break;
            case ExecutionCompletedEvent c:
                w.WriteNumber("os", (int)c.OrchestrationStatus);
                Str(w, "r", c.Result);
                Failure(w, "f", c.FailureDetails);
                break;
            case TimerCreatedEvent c:
                w.WriteNumber("fa", Ticks(c.FireAt));
                break;
            case TimerFiredEvent f:
                w.WriteNumber("tid", f.TimerId);
                w.WriteNumber("fa", Ticks(f.FireAt));
                break;
            case EventRaisedEvent r:
                Str(w, "n", r.Name);
                Str(w, "in", r.Input);
                Trace(w, r.ParentTraceContext);
                break;
            case EventSentEvent s:
                Str(w, "iid", s.InstanceId);
                Str(w, "n", s.Name);
                Str(w, "in", s.Input);
                break;
            case SubOrchestrationInstanceCreatedEvent c:
                Str(w, "n", c.Name);
                Str(w, "ver", c.Version);
                Str(w, "iid", c.InstanceId);
                Str(w, "in", c.Input);
                Str(w, "cs", c.ClientSpanId);
                Tags(w, "tg", c.Tags);
                break;
            case SubOrchestrationInstanceCompletedEvent c:
                w.WriteNumber("tsi", c.TaskScheduledId);
                Str(w, "r", c.Result);
                break;
            case SubOrchestrationInstanceFailedEvent f:
                w.WriteNumber("tsi", f.TaskScheduledId);
                Str(w, "rs", f.Reason);
                Str(w, "d", f.Details);
                Failure(w, "f", f.FailureDetails);
                break;
            case ExecutionTerminatedEvent t:
                Str(w, "in", t.Input);
                break;
        }

        w.WriteEndObject();
    }

    /// <summary>UTC ticks, as the type-named format's <c>DateTimeZoneHandling.Utc</c> stores times: a local time is
    /// converted, an unspecified one is taken as UTC.</summary>
    private static long Ticks(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Instance(Utf8JsonWriter w, string name, OrchestrationInstance? instance)
    {
        if (instance is null)
        {
            return;
        }

        w.WriteStartObject(name);
        Str(w, "i", instance.InstanceId);
        Str(w, "x", instance.ExecutionId);
        w.WriteEndObject();
    }

    private static void Tags(Utf8JsonWriter w, string name, IDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (key, value) in tags)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    private static void Trace(Utf8JsonWriter w, DistributedTraceContext? trace)
    {
        if (trace is null)
        {
            return;
        }

        w.WriteStartObject("tc");
        Str(w, "tp", trace.TraceParent);
        Str(w, "tst", trace.TraceState);
        Str(w, "id", trace.Id);
        Str(w, "sp", trace.SpanId);
        if (trace.ActivityStartTime is { } started)
        {
            w.WriteString("at", started);
        }

        w.WriteEndObject();
    }

    private static void Failure(Utf8JsonWriter w, string name, FailureDetails? failure)
    {
        if (failure is null)
        {
            return;
        }

        w.WriteStartObject(name);
        Str(w, "et", failure.ErrorType);
        Str(w, "em", failure.ErrorMessage);
        Str(w, "st", failure.StackTrace);
        if (failure.IsNonRetriable)
        {
            w.WriteBoolean("nr", true);
        }

        Failure(w, "in", failure.InnerFailure);
        w.WriteEndObject();
    }
}

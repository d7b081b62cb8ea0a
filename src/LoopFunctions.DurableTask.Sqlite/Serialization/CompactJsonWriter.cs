using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.History;

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
internal static partial class CompactJsonWriter
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
}

using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.Tracing;

namespace LoopFunctions.DurableTask.Sqlite.Serialization;

/// <summary>The compact writer's values that several events hold: times, optional strings, instances, tags, trace
/// contexts and failures; an absent value writes nothing.</summary>
internal static partial class CompactJsonWriter
{
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

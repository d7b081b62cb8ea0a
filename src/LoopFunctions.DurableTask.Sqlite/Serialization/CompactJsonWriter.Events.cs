using System.Text.Json;
using DurableTask.Core.History;

namespace LoopFunctions.DurableTask.Sqlite.Serialization;

/// <summary>The compact writer's events: each covered type's members, under the short names the reader reads.</summary>
internal static partial class CompactJsonWriter
{
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
}

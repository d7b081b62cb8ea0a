using System.Text;
using System.Text.Json.Nodes;
using DurableTask.Core.History;
using NewtonsoftSerializer = Newtonsoft.Json.JsonSerializer;

namespace LoopFunctions.Host.Management;

/// <summary>
/// <c>historyEvents</c> as Durable Functions shows them. It starts from what DurableTask.AzureStorage returns for a
/// history (the typed DTFx events written by a default Newtonsoft serializer: their data members, enums as numbers,
/// dates as ISO 8601 with the ticks that are not zero) and reshapes it the way the extension's client does:
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>EventType</c> (and <c>ExecutionCompleted.OrchestrationStatus</c>) as names; <c>EventId</c> and
/// <c>IsPlayed</c> removed everywhere.</item>
/// <item><c>OrchestratorStarted</c>/<c>OrchestratorCompleted</c> left out; each <c>TaskScheduled</c> (and
/// <c>SubOrchestrationInstanceCreated</c>) that has an outcome folded into it as <c>FunctionName</c>,
/// <c>ScheduledTime</c> and <c>Input</c>, its <c>TaskScheduledId</c> removed; one still running stays, without
/// <c>Version</c>.</item>
/// <item><c>ExecutionStarted</c>: <c>Name</c> becomes <c>FunctionName</c>; <c>OrchestrationInstance</c>,
/// <c>ParentInstance</c>, <c>Version</c>, <c>Tags</c> removed. For a loop run recorded before today's input shape,
/// its <c>Input</c> is shown in today's shape, as in the status.</item>
/// <item><c>ScheduledTime</c> with the offset written out (<c>+00:00</c>), as the extension writes it.</item>
/// <item><c>Input</c> on every event only with <c>showInput</c> (default true); <c>Result</c> of
/// <c>TaskCompleted</c>, <c>SubOrchestrationInstanceCompleted</c> and <c>ExecutionCompleted</c> only with
/// <c>showHistoryOutput</c>, then as its JSON value; <c>TimerFired.TimerId</c> removed.</item>
/// </list>
/// </remarks>
internal static class HistoryView
{
    private static readonly NewtonsoftSerializer DtfxWriter = NewtonsoftSerializer.Create();

    public static JsonArray From(IList<HistoryEvent> history, string orchestrationName, bool showInput, bool showOutput)
    {
        var events = Serialize(history);
        var scheduled = new Dictionary<string, (int Index, JsonNode? Name, JsonNode? Time, JsonNode? Input)>(StringComparer.Ordinal);
        var dropped = new HashSet<int>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not JsonObject item || !TryEventType(item, out var type))
            {
                continue;
            }

            item["EventType"] = type.ToString();
            switch (type)
            {
                case EventType.TaskScheduled or EventType.SubOrchestrationInstanceCreated:
                    scheduled[$"{type}_{item["EventId"]}"] = (i, Copy(item["Name"]), Copy(item["Timestamp"]), Copy(item["Input"]));
                    item.Remove("Version");
                    break;
                case EventType.TaskCompleted or EventType.TaskFailed:
                    Fold(item, "TaskScheduled", scheduled, dropped, showInput);
                    ShowResult(item, showOutput && type == EventType.TaskCompleted);
                    break;
                case EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed:
                    Fold(item, "SubOrchestrationInstanceCreated", scheduled, dropped, showInput);
                    ShowResult(item, showOutput && type == EventType.SubOrchestrationInstanceCompleted);
                    break;
                case EventType.ExecutionStarted:
                    var name = item["Name"];
                    item.Remove("Name");
                    item["FunctionName"] = Copy(name);
                    foreach (var key in new[] { "OrchestrationInstance", "ParentInstance", "Version", "Tags" })
                    {
                        item.Remove(key);
                    }

                    if (item["Input"]?.GetValue<string>() is { } input)
                    {
                        item["Input"] = StatusJson.ShownInput(orchestrationName, input);
                    }

                    break;
                case EventType.ExecutionCompleted:
                    if (item["OrchestrationStatus"] is JsonValue status && status.TryGetValue<int>(out var code))
                    {
                        item["OrchestrationStatus"] = ((global::DurableTask.Core.OrchestrationStatus)code).ToString();
                    }

                    ShowResult(item, showOutput);
                    break;
                case EventType.TimerFired:
                    item.Remove("TimerId");
                    break;
                case EventType.OrchestratorStarted or EventType.OrchestratorCompleted:
                    dropped.Add(i);
                    break;
            }

            if (!showInput)
            {
                item.Remove("Input");
            }

            item.Remove("EventId");
            item.Remove("IsPlayed");
        }

        var shown = new JsonArray();
        for (var i = 0; i < events.Count; i++)
        {
            if (!dropped.Contains(i))
            {
                var node = events[i];
                events[i] = null;
                shown.Add(node);
            }
        }

        return shown;
    }

    private static JsonArray Serialize(IList<HistoryEvent> history)
    {
        var text = new StringBuilder();
        using (var writer = new StringWriter(text, System.Globalization.CultureInfo.InvariantCulture))
        {
            DtfxWriter.Serialize(writer, history);
        }

        return JsonNode.Parse(text.ToString())!.AsArray();
    }

    private static bool TryEventType(JsonObject item, out EventType type)
    {
        type = default;
        return item["EventType"] is JsonValue value
            && (value.TryGetValue<int>(out var number) ? Enum.IsDefined(type = (EventType)number) : value.TryGetValue<string>(out var name) && Enum.TryParse(name, out type));
    }

    /// <summary>Puts the scheduling event's name, time and input on its outcome and drops the scheduling event.</summary>
    private static void Fold(JsonObject item, string prefix, Dictionary<string, (int Index, JsonNode? Name, JsonNode? Time, JsonNode? Input)> scheduled, HashSet<int> dropped, bool showInput)
    {
        if (scheduled.TryGetValue($"{prefix}_{item["TaskScheduledId"]}", out var origin))
        {
            item["ScheduledTime"] = WithOffset(origin.Time);
            item["FunctionName"] = Copy(origin.Name);
            if (showInput)
            {
                item["Input"] = Copy(origin.Input);
            }

            dropped.Add(origin.Index);
        }

        item.Remove("TaskScheduledId");
    }

    private static void ShowResult(JsonObject item, bool show)
    {
        if (!show)
        {
            item.Remove("Result");
        }
        else if (item.ContainsKey("Result"))
        {
            item["Result"] = StatusJson.Parse(item["Result"]?.GetValue<string>());
        }
    }

    private static JsonNode? Copy(JsonNode? node) => node?.DeepClone();

    /// <summary>A UTC time as the extension writes <c>ScheduledTime</c>: the same digits, <c>+00:00</c> for <c>Z</c>.</summary>
    private static JsonNode? WithOffset(JsonNode? time) =>
        time is JsonValue value && value.TryGetValue<string>(out var text) && text.EndsWith('Z')
            ? JsonValue.Create(string.Concat(text.AsSpan(0, text.Length - 1), "+00:00"))
            : Copy(time);
}

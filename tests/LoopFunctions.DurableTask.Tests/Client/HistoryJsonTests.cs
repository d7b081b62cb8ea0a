using DurableTask.Core;
using DurableTask.Core.History;
using LoopFunctions.DurableTask.Client;
using Newtonsoft.Json;

namespace LoopFunctions.DurableTask.Tests.Client;

public sealed class HistoryJsonTests
{
    [Fact]
    public void Deserialize_NewtonsoftDefaultsWithNumericEventTypes_TypedEventsWithEveryField()
    {
        var at = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        var original = new List<HistoryEvent>
        {
            new OrchestratorStartedEvent(-1) { Timestamp = at },
            new ExecutionStartedEvent(-1, "\"in\"")
            {
                Name = "Parent",
                Version = "2",
                OrchestrationInstance = new OrchestrationInstance { InstanceId = "i-1", ExecutionId = "e-1" },
                ParentInstance = new ParentInstance { Name = "Grand", TaskScheduleId = 4, OrchestrationInstance = new OrchestrationInstance { InstanceId = "g-1", ExecutionId = "ge" } },
                Tags = new Dictionary<string, string> { ["loop"] = "nightly" },
                ScheduledStartTime = at.AddMinutes(1),
                Timestamp = at,
            },
            new TaskScheduledEvent(0, "Step", "1", "[1]") { Timestamp = at },
            new TaskFailedEvent(-1, 0, "boom", null, new FailureDetails("System.InvalidOperationException", "boom", "at x", new FailureDetails("Inner", "cause", null, null, false), true)),
            new TimerCreatedEvent(1, at.AddSeconds(30)),
            new TimerFiredEvent(-1, at.AddSeconds(30)) { TimerId = 1 },
            new SubOrchestrationInstanceCreatedEvent(2) { Name = "Child", InstanceId = "c-1", Input = "3" },
            new SubOrchestrationInstanceCompletedEvent(-1, 2, "\"done\""),
            new EventSentEvent(3) { Name = "ping", InstanceId = "other", Input = "\"p\"" },
            new EventRaisedEvent(-1, "\"go\"") { Name = "approve" },
            new ExecutionSuspendedEvent(-1, "hold"),
            new ExecutionResumedEvent(-1, "go on"),
            new ExecutionCompletedEvent(4, "\"out\"", OrchestrationStatus.Completed),
        };

        // Azure Storage's shape: Newtonsoft defaults, no type names, enums as numbers.
        var azureShaped = JsonConvert.SerializeObject(original);
        var parsed = HistoryJson.Deserialize(azureShaped);

        Assert.Equal(original.Select(e => e.GetType()), parsed.Select(e => e.GetType()));
        Assert.Equal(original.Select(e => e.EventId), parsed.Select(e => e.EventId));
        Assert.All(parsed, e => Assert.Equal(DateTimeKind.Utc, e.Timestamp.Kind));
        var started = (ExecutionStartedEvent)parsed[1];
        Assert.Equal(("Parent", "2", "\"in\"", "i-1", "e-1"), (started.Name, started.Version, started.Input, started.OrchestrationInstance.InstanceId, started.OrchestrationInstance.ExecutionId));
        Assert.Equal(("Grand", 4, "g-1"), (started.ParentInstance.Name, started.ParentInstance.TaskScheduleId, started.ParentInstance.OrchestrationInstance.InstanceId));
        Assert.Equal("nightly", started.Tags["loop"]);
        Assert.Equal(at.AddMinutes(1), started.ScheduledStartTime);
        var failed = (TaskFailedEvent)parsed[3];
        Assert.Equal((0, "System.InvalidOperationException", "boom", "at x", true), (failed.TaskScheduledId, failed.FailureDetails!.ErrorType, failed.FailureDetails.ErrorMessage, failed.FailureDetails.StackTrace, failed.FailureDetails.IsNonRetriable));
        Assert.Equal("cause", failed.FailureDetails.InnerFailure!.ErrorMessage);
        Assert.Equal((1, at.AddSeconds(30)), (((TimerFiredEvent)parsed[5]).TimerId, ((TimerFiredEvent)parsed[5]).FireAt));
        Assert.Equal(("Child", "c-1"), (((SubOrchestrationInstanceCreatedEvent)parsed[6]).Name, ((SubOrchestrationInstanceCreatedEvent)parsed[6]).InstanceId));
        Assert.Equal(2, ((SubOrchestrationInstanceCompletedEvent)parsed[7]).TaskScheduledId);
        Assert.Equal(("ping", "other"), (((EventSentEvent)parsed[8]).Name, ((EventSentEvent)parsed[8]).InstanceId));
        Assert.Equal("approve", ((EventRaisedEvent)parsed[9]).Name);
        Assert.Equal(OrchestrationStatus.Completed, ((ExecutionCompletedEvent)parsed[12]).OrchestrationStatus);
        Assert.Equal(HistoryJson.Serialize(original), HistoryJson.Serialize(parsed));
    }

    [Fact]
    public void Serialize_ThenDeserialize_EventTypesByNameRoundTrip()
    {
        var events = new List<HistoryEvent> { new TaskScheduledEvent(0, "Step"), new TaskCompletedEvent(-1, 0, "1") };

        var json = HistoryJson.Serialize(events);

        Assert.Contains("\"EventType\": \"TaskScheduled\"", json, StringComparison.Ordinal);
        Assert.Equal([typeof(TaskScheduledEvent), typeof(TaskCompletedEvent)], HistoryJson.Deserialize(json).Select(e => e.GetType()));
    }

    public static TheoryData<EventType> EventTypesWithAClass() => new(Enum.GetValues<EventType>().Where(t => t != EventType.ExecutionFailed));

    [Theory]
    [MemberData(nameof(EventTypesWithAClass))]
    public void Deserialize_EveryEventType_ReadsBackItsClassAndEventId(EventType type)
    {
        var json = $$"""[{ "EventType": "{{type}}", "EventId": 7, "Timestamp": "2026-01-02T03:04:05Z" }]""";

        var parsed = Assert.Single(HistoryJson.Deserialize(json));

        Assert.Equal(type, parsed.EventType);
        Assert.Equal(7, parsed.EventId);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), parsed.Timestamp);
    }

    [Fact]
    public void Deserialize_ExecutionRewound_ReadsItsFieldsThoughItHasNoDefaultConstructor()
    {
        var json = """[{ "EventType": "ExecutionRewound", "EventId": -1, "Reason": "fixed", "ParentExecutionId": "p", "InstanceId": "c" }]""";

        var rewound = Assert.IsType<ExecutionRewoundEvent>(Assert.Single(HistoryJson.Deserialize(json)));

        Assert.Equal(("fixed", "p", "c"), (rewound.Reason, rewound.ParentExecutionId, rewound.InstanceId));
    }

    [Theory]
    [InlineData("{}", "not an array")]
    [InlineData("[1]", "element 0 is not an object")]
    [InlineData("[{\"EventId\": 1}]", "element 0 has no known EventType (was missing)")]
    [InlineData("[{\"EventType\": \"Nonsense\"}]", "element 0 has no known EventType (was \"Nonsense\")")]
    [InlineData("[{\"EventType\": 2}]", "ExecutionFailed has no DTFx class")]
    public void Deserialize_NotAHistory_FormatExceptionSaysWhy(string json, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => HistoryJson.Deserialize(json));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}

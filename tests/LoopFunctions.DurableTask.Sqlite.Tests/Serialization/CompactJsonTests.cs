using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Serialization;

/// <summary>The compact row format: every member of every covered event survives, the rest keeps the type-named
/// format, and rows of either format read back.</summary>
public sealed class CompactJsonTests
{
    private static readonly Type[] Covered =
    [
        typeof(ExecutionStartedEvent), typeof(TaskScheduledEvent), typeof(TaskCompletedEvent), typeof(TaskFailedEvent),
        typeof(OrchestratorStartedEvent), typeof(OrchestratorCompletedEvent), typeof(ExecutionCompletedEvent), typeof(TimerCreatedEvent),
        typeof(TimerFiredEvent), typeof(EventRaisedEvent), typeof(EventSentEvent), typeof(SubOrchestrationInstanceCreatedEvent),
        typeof(SubOrchestrationInstanceCompletedEvent), typeof(SubOrchestrationInstanceFailedEvent), typeof(ExecutionTerminatedEvent),
    ];

    public static TheoryData<Type> CoveredTypes() => [.. Covered];

    public static TheoryData<Type> OtherTypes() => [.. HistoryEvent.KnownTypes().Except(Covered).OrderBy(t => t.Name, StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CoveredTypes))]
    public void Serialize_HotPathEventType_IsCompactAndRoundTripsEveryMember(Type type)
    {
        var original = Full(type);
        var json = DurableJson.Serialize(original);
        Assert.StartsWith("{\"v\":1,", json, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);

        var read = DurableJson.ReadEvent(json);
        Assert.IsType(type, read);
        // The type-named form writes every data member DTFx declares: equal forms mean every member survived.
        Assert.Equal(DurableJson.SerializeTypeNamed(original), DurableJson.SerializeTypeNamed(read));
        Assert.Equal(json, DurableJson.Serialize(read));
        Assert.Equal(DateTimeKind.Utc, read.Timestamp.Kind);
    }

    [Theory]
    [MemberData(nameof(CoveredTypes))]
    public void Serialize_EventWithOnlyItsConstructorsMembers_RoundTripsTheNullsAndDefaults(Type type)
    {
        var constructor = type.GetConstructors().MinBy(c => c.GetParameters().Length)!;
        var original = (HistoryEvent)constructor.Invoke([.. constructor.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)5 : p.ParameterType == typeof(string) ? "n" : null)]);
        var read = DurableJson.ReadEvent(DurableJson.Serialize(original));
        Assert.Equal(DurableJson.SerializeTypeNamed(original), DurableJson.SerializeTypeNamed(read));
    }

    [Theory]
    [MemberData(nameof(OtherTypes))]
    public void Serialize_EventTypeOffTheHotPath_KeepsTheTypeNamedFormat(Type type)
    {
        var original = SampleEvents.Build(type);
        var json = DurableJson.Serialize(original);
        Assert.StartsWith("{\"$type\":", json, StringComparison.Ordinal);
        Assert.Equal(json, DurableJson.SerializeTypeNamed(DurableJson.ReadEvent(json)));
    }

    [Fact]
    public void Serialize_FailureDetailsWithProperties_KeepsTheTypeNamedFormatAndTheProperties()
    {
        var failure = new FailureDetails("E", "m", null, null, false, new Dictionary<string, object?> { ["code"] = 42L });
        var json = DurableJson.Serialize(new TaskFailedEvent(3, 2, "r", "d", failure));
        Assert.StartsWith("{\"$type\":", json, StringComparison.Ordinal);
        var read = Assert.IsType<TaskFailedEvent>(DurableJson.ReadEvent(json));
        Assert.Equal(42L, read.FailureDetails!.Properties!["code"]);
    }

    [Theory]
    [MemberData(nameof(CoveredTypes))]
    public void ReadMessage_CompactMessage_KeepsEventInstanceSequenceAndContext(Type type)
    {
        var message = new TaskMessage
        {
            Event = Full(type),
            SequenceNumber = 77,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "i", ExecutionId = "e" },
            OrchestrationExecutionContext = SampleEvents.Context(),
        };
        var json = DurableJson.Serialize(message);
        Assert.StartsWith("{\"v\":1,", json, StringComparison.Ordinal);
        var read = DurableJson.ReadMessage(json);
        Assert.Equal(DurableJson.SerializeTypeNamed(message), DurableJson.SerializeTypeNamed(read));
        Assert.Equal("y", read.OrchestrationExecutionContext.OrchestrationTags["x"]);
    }

    [Fact]
    public void ReadMessage_MessageWithoutInstanceOrContext_RoundTripsTheNulls()
    {
        var message = new TaskMessage { Event = new TaskCompletedEvent(-1, 4, null) };
        var read = DurableJson.ReadMessage(DurableJson.Serialize(message));
        Assert.Null(read.OrchestrationInstance);
        Assert.Null(read.OrchestrationExecutionContext);
        Assert.Equal(DurableJson.SerializeTypeNamed(message), DurableJson.SerializeTypeNamed(read));
    }

    [Fact]
    public void ReadEvent_RowsWrittenByTheTypeNamedCodec_StillRead()
    {
        // Rows as the provider wrote them before the compact format (captured from that build).
        const string scheduled = """{"$type":"DurableTask.Core.History.TaskScheduledEvent, DurableTask.Core","EventType":4,"Name":"Echo","Version":"","Input":"[\"a\"]","EventId":0,"IsPlayed":false,"Timestamp":"2026-12-07T08:00:00.1234567Z"}""";
        var read = Assert.IsType<TaskScheduledEvent>(DurableJson.ReadEvent(scheduled));
        Assert.Equal(("Echo", "[\"a\"]", 0), (read.Name, read.Input, read.EventId));
        Assert.Equal(new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc).AddTicks(1234567), read.Timestamp);
        Assert.Equal(DateTimeKind.Utc, read.Timestamp.Kind);
    }

    [Fact]
    public void ToTypeNamed_CompactRow_GivesTheTypeNamedJsonClientsRead()
    {
        var completed = new TaskCompletedEvent(9, 3, "\"r\"") { Timestamp = DateTime.UtcNow };
        var json = DurableJson.ToTypeNamed(DurableJson.Serialize(completed));
        Assert.Equal(DurableJson.SerializeTypeNamed(completed), json);
        Assert.Contains("\"EventType\":", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"text with \\\"quotes\\\", <html> & é 😀\"")]
    [InlineData("\ud800 a lone surrogate \udc00")]
    [InlineData("line\nbreak\ttab\u0000nul")]
    [InlineData("")]
    public void ReadEvent_AnyStringPayload_RoundTripsExactly(string payload)
    {
        var read = Assert.IsType<TaskCompletedEvent>(DurableJson.ReadEvent(DurableJson.Serialize(new TaskCompletedEvent(1, 2, payload))));
        Assert.Equal(payload, read.Result);
    }

    [Theory]
    [InlineData("""{"v":2,"t":4,"id":1,"ts":0}""")]
    [InlineData("""{"v":1,"t":4,"id":"x","ts":0}""")]
    [InlineData("""{"v":1,"t":999,"id":1,"ts":0}""")]
    [InlineData("""{"v":1,"t":4,""")]
    public void ReadEvent_MalformedCompactRow_FailsAsAnUnreadableRow(string json)
    {
        Assert.ThrowsAny<Newtonsoft.Json.JsonException>(() => DurableJson.ReadEvent(json));
    }

    /// <summary>A sample event with its public fields and every trace-context member set too, beyond what
    /// <see cref="SampleEvents.Build"/> sets through properties.</summary>
    private static HistoryEvent Full(Type type)
    {
        var e = SampleEvents.Build(type);
        if (e is ExecutionStartedEvent started)
        {
            started.OrchestrationInstance = new OrchestrationInstance { InstanceId = "oi", ExecutionId = "ox" };
            started.Tags = new Dictionary<string, string> { ["a"] = "b", ["c"] = "d\"é" };
            started.GenerateNewTrace = true;
        }

        foreach (var property in type.GetProperties().Where(p => p.PropertyType == typeof(DistributedTraceContext)))
        {
            var trace = new DistributedTraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k=v")
            {
                Id = "trace-id",
                SpanId = "span-id",
                ActivityStartTime = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(17),
            };
            property.SetValue(e, trace);
        }

        return e;
    }
}

using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

namespace LoopFunctions.DurableTask.Sqlite.Tests.Serialization;

public sealed class DurableJsonTests
{
    public static TheoryData<Type> EventTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in HistoryEvent.KnownTypes().OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void ReadEvent_EveryHistoryEventType_RoundTripsEveryMember(Type type)
    {
        var original = SampleEvents.Build(type);
        var json = DurableJson.SerializeTypeNamed(original);
        var read = DurableJson.ReadEvent(json);
        Assert.IsType(type, read);
        Assert.Equal(json, DurableJson.SerializeTypeNamed(read));
        Assert.Equal(DateTimeKind.Utc, read.Timestamp.Kind);
        Assert.Contains("\"EventType\":", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadMessage_FullTaskMessage_KeepsInstanceExecutionAndContext()
    {
        var started = new ExecutionStartedEvent(7, "\"in\"")
        {
            Name = "n",
            Version = "2",
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "i", ExecutionId = "e" },
            ParentInstance = new ParentInstance { Name = "p", Version = "1", TaskScheduleId = 4, OrchestrationInstance = new OrchestrationInstance { InstanceId = "pi", ExecutionId = "pe" } },
            Tags = new Dictionary<string, string> { ["a"] = "b" },
            ScheduledStartTime = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            ParentTraceContext = new DistributedTraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k=v"),
            Generation = 3,
        };
        var message = new TaskMessage
        {
            Event = started,
            SequenceNumber = 9,
            OrchestrationInstance = started.OrchestrationInstance,
            OrchestrationExecutionContext = SampleEvents.Context(),
        };
        var read = DurableJson.ReadMessage(DurableJson.SerializeTypeNamed(message));
        var readStarted = Assert.IsType<ExecutionStartedEvent>(read.Event);
        Assert.Equal(7, readStarted.EventId);
        Assert.Equal("e", read.OrchestrationInstance.ExecutionId);
        Assert.Equal(4, readStarted.ParentInstance.TaskScheduleId);
        Assert.Equal("pe", readStarted.ParentInstance.OrchestrationInstance.ExecutionId);
        Assert.Equal("b", readStarted.Tags["a"]);
        Assert.Equal(DateTimeKind.Utc, readStarted.ScheduledStartTime!.Value.Kind);
        Assert.Equal(started.ScheduledStartTime, readStarted.ScheduledStartTime);
        Assert.Equal("k=v", readStarted.ParentTraceContext.TraceState);
        Assert.Equal(3, readStarted.Generation);
        Assert.Equal("y", read.OrchestrationExecutionContext.OrchestrationTags["x"]);
    }

    [Fact]
    public void ReadEvent_TypeOutsideDurableTaskCore_IsRefused()
    {
        const string json = """{"$type":"System.IO.FileInfo, System.IO.FileSystem","OriginalPath":"/etc/passwd"}""";
        Assert.Throws<Newtonsoft.Json.JsonSerializationException>(() => DurableJson.ReadEvent(json));
    }

    [Fact]
    public void ReadEvent_LocalTimestamp_IsReadBackAsUtc()
    {
        var local = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Local);
        var read = DurableJson.ReadEvent(DurableJson.Serialize(new TimerFiredEvent(1) { FireAt = local, TimerId = 3 }));
        var fired = Assert.IsType<TimerFiredEvent>(read);
        Assert.Equal(DateTimeKind.Utc, fired.FireAt.Kind);
        Assert.Equal(local.ToUniversalTime(), fired.FireAt);
        Assert.Equal(3, fired.TimerId);
    }
}

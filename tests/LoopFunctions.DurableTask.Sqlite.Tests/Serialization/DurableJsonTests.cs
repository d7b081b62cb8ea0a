using System.Reflection;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;
using LoopFunctions.DurableTask.Sqlite.Serialization;

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
        var original = Build(type);
        var json = DurableJson.Serialize(original);
        var read = DurableJson.ReadEvent(json);
        Assert.IsType(type, read);
        Assert.Equal(json, DurableJson.Serialize(read));
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
            OrchestrationExecutionContext = BuildContext(),
        };
        var read = DurableJson.ReadMessage(DurableJson.Serialize(message));
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

    private static OrchestrationExecutionContext BuildContext()
    {
        var context = new OrchestrationExecutionContext();
        typeof(OrchestrationExecutionContext).GetProperty(nameof(OrchestrationExecutionContext.OrchestrationTags))!
            .SetValue(context, new Dictionary<string, string> { ["x"] = "y" });
        return context;
    }

    /// <summary>An event through its widest constructor with a distinct value per parameter, and every settable
    /// member set too, so a member the store dropped would show up in the comparison.</summary>
    private static HistoryEvent Build(Type type)
    {
        var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length)!;
        var arguments = constructor.GetParameters().Select((p, i) => Sample(p.ParameterType, i + 3)).ToArray();
        var historyEvent = (HistoryEvent)constructor.Invoke(arguments);
        var index = 50;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            if (property.GetValue(historyEvent) is null or 0 or false && Sample(property.PropertyType, index++) is { } value)
            {
                property.SetValue(historyEvent, value);
            }
        }

        historyEvent.Timestamp = new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);
        historyEvent.IsPlayed = true;
        return historyEvent;
    }

    private static object? Sample(Type type, int i)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(int) => i,
            _ when underlying == typeof(long) => (long)i,
            _ when underlying == typeof(bool) => true,
            _ when underlying == typeof(string) => "s" + i,
            _ when underlying == typeof(DateTime) => new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i),
            _ when underlying == typeof(DateTimeOffset) => new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i),
            _ when underlying == typeof(OrchestrationStatus) => OrchestrationStatus.Failed,
            _ when underlying == typeof(FailureDetails) => new FailureDetails("T" + i, "m" + i, "stack", new FailureDetails("inner", "im", null, null, false), true),
            _ when underlying == typeof(OrchestrationInstance) => new OrchestrationInstance { InstanceId = "i" + i, ExecutionId = "e" + i },
            _ when underlying == typeof(ParentInstance) => new ParentInstance { Name = "p", Version = "v", TaskScheduleId = i, OrchestrationInstance = new OrchestrationInstance { InstanceId = "pi", ExecutionId = "pe" } },
            _ when underlying == typeof(DistributedTraceContext) => new DistributedTraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "st" + i),
            _ when underlying == typeof(IDictionary<string, string>) => new Dictionary<string, string> { ["k" + i] = "v" + i },
            _ => null,
        };
    }
}

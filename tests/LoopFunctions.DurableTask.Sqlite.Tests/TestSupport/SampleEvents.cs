using System.Reflection;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>DTFx events and contexts with every member set to a distinct value, for the codec round trips.</summary>
internal static class SampleEvents
{
    /// <summary>An execution context carrying orchestration tags (its setter is internal to DTFx).</summary>
    public static OrchestrationExecutionContext Context()
    {
        var context = new OrchestrationExecutionContext();
        typeof(OrchestrationExecutionContext).GetProperty(nameof(OrchestrationExecutionContext.OrchestrationTags))!
            .SetValue(context, new Dictionary<string, string> { ["x"] = "y" });
        return context;
    }

    /// <summary>An event through its widest constructor with a distinct value per parameter, and every settable
    /// member set too, so a member the store dropped would show up in the comparison.</summary>
    public static HistoryEvent Build(Type type)
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

    public static object? Sample(Type type, int i)
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

using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Tracing;

namespace LoopFunctions.DurableTask.Sqlite.Serialization;

/// <summary>The members of one event row, gathered before the event is built through its constructor.</summary>
internal struct CompactEventFields
{
    public EventType Type;
    public int Id;
    public long Timestamp;
    public bool Played;
    public string? Name;
    public string? Version;
    public string? Input;
    public OrchestrationInstance? Instance;
    public ParentInstance? Parent;
    public Dictionary<string, string>? Tags;
    public string? Correlation;
    public DistributedTraceContext? Trace;
    public DateTime? ScheduledStart;
    public int? Generation;
    public bool NewTrace;
    public int TaskScheduledId;
    public string? Result;
    public string? Reason;
    public string? Details;
    public FailureDetails? Failure;
    public OrchestrationStatus Status;
    public DateTime FireAt;
    public int TimerId;
    public string? InstanceId;
    public string? ClientSpanId;
}

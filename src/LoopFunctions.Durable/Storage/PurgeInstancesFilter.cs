namespace LoopFunctions.Durable.Storage;

/// <summary>Which terminal instances to purge. Live instances are never purged.</summary>
public sealed record PurgeInstancesFilter
{
    /// <summary>One instance by id; the other criteria are ignored when set.</summary>
    public string? InstanceId { get; init; }

    public DateTime? CreatedFrom { get; init; }

    public DateTime? CreatedTo { get; init; }

    /// <summary>Terminal statuses to purge; default all terminal ones.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }
}

namespace LoopFunctions.Durable.Storage;

/// <summary>A filter over instances. Every criterion is optional; results are ordered by creation time, then id.</summary>
public sealed record OrchestrationQuery
{
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>Exact orchestrator name.</summary>
    public string? Name { get; init; }

    public DateTime? CreatedFrom { get; init; }

    public DateTime? CreatedTo { get; init; }

    public string? InstanceIdPrefix { get; init; }

    /// <summary>Page size. Default 100.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The token from the previous page, or null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Whether inputs, outputs and custom status are loaded.</summary>
    public bool FetchPayloads { get; init; }
}

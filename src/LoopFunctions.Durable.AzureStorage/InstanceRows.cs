using System.Text.Json;
using Azure.Data.Tables;
using LoopFunctions.Durable.History;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>The columns of the <c>{hub}Instances</c> table (one row per instance: partition key the escaped id, row
/// key empty). Times are UTC ticks so comparisons are exact.</summary>
internal static class InstanceRows
{
    public const string InstanceId = nameof(InstanceId);
    public const string Name = nameof(Name);
    public const string ExecutionId = nameof(ExecutionId);
    public const string Status = nameof(Status);
    public const string CreatedAt = nameof(CreatedAt);
    public const string LastUpdatedAt = nameof(LastUpdatedAt);
    public const string ScheduledStartAt = nameof(ScheduledStartAt);
    public const string Input = nameof(Input);
    public const string Output = nameof(Output);
    public const string CustomStatus = nameof(CustomStatus);
    public const string Failure = nameof(Failure);
    public const string ParentInstanceId = nameof(ParentInstanceId);
    public const string HistoryCount = nameof(HistoryCount);
    public const string LockToken = nameof(LockToken);
    public const string LockExpires = nameof(LockExpires);

    public static TableEntity New(string instanceId, string executionId, ExecutionStartedEvent started, DateTime? scheduledStart) => new(TableKeys.Escape(instanceId), "")
    {
        [InstanceId] = instanceId,
        [Name] = started.Name,
        [ExecutionId] = executionId,
        [Status] = (int)OrchestrationRuntimeStatus.Pending,
        [CreatedAt] = started.Timestamp.Ticks,
        [LastUpdatedAt] = started.Timestamp.Ticks,
        [ScheduledStartAt] = scheduledStart?.Ticks,
        [ParentInstanceId] = started.ParentInstance?.InstanceId,
        [HistoryCount] = 0,
        [LockExpires] = 0L,
    };

    public static OrchestrationRuntimeStatus StatusOf(TableEntity row) => (OrchestrationRuntimeStatus)(row.GetInt32(Status) ?? 0);

    public static string ExecutionOf(TableEntity row) => row.GetString(ExecutionId) ?? "";

    public static int HistoryCountOf(TableEntity row) => row.GetInt32(HistoryCount) ?? 0;

    public static long LockExpiresOf(TableEntity row) => row.GetInt64(LockExpires) ?? 0L;

    /// <summary>Sets a text column, moving values over the property limit to a blob.</summary>
    public static async Task SetTextAsync(LargePayloads large, TableEntity row, string column, string? value, CancellationToken cancellationToken)
    {
        row.Remove(column);
        row.Remove(column + "Blob");
        if (value is null)
        {
            return;
        }

        if (value.Length <= LargePayloads.MaxTableChars)
        {
            row[column] = value;
            return;
        }

        var blob = $"{row.PartitionKey}/instance/{column}-{ExecutionOf(row)}";
        await large.UploadAsync(blob, value, cancellationToken).ConfigureAwait(false);
        row[column + "Blob"] = blob;
    }

    public static async Task<string?> GetTextAsync(LargePayloads large, TableEntity row, string column, CancellationToken cancellationToken) =>
        row.GetString(column) ?? (row.GetString(column + "Blob") is { } blob ? await large.DownloadAsync(blob, cancellationToken).ConfigureAwait(false) : null);

    public static async Task<OrchestrationMetadata> ToMetadataAsync(LargePayloads large, TableEntity row, bool withPayloads, CancellationToken cancellationToken) =>
        new(row.GetString(Name) ?? "", row.GetString(InstanceId) ?? row.PartitionKey)
        {
            ExecutionId = ExecutionOf(row),
            RuntimeStatus = StatusOf(row),
            CreatedAt = Ticks(row.GetInt64(CreatedAt) ?? 0),
            LastUpdatedAt = Ticks(row.GetInt64(LastUpdatedAt) ?? 0),
            ScheduledStartAt = row.GetInt64(ScheduledStartAt) is { } scheduled ? Ticks(scheduled) : null,
            FailureDetails = row.GetString(Failure) is { } failure ? JsonSerializer.Deserialize<FailureDetails>(failure, HistoryJson.Options) : null,
            ParentInstanceId = row.GetString(ParentInstanceId),
            SerializedInput = withPayloads ? await GetTextAsync(large, row, Input, cancellationToken).ConfigureAwait(false) : null,
            SerializedOutput = withPayloads ? await GetTextAsync(large, row, Output, cancellationToken).ConfigureAwait(false) : null,
            SerializedCustomStatus = withPayloads ? await GetTextAsync(large, row, CustomStatus, cancellationToken).ConfigureAwait(false) : null,
        };

    public static DateTime Ticks(long ticks) => new(ticks, DateTimeKind.Utc);
}

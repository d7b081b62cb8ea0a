using System.Globalization;
using Azure;
using Azure.Data.Tables;
using LoopFunctions.Durable.History;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>
/// The <c>{hub}History</c> table: partition key the escaped instance id, row key the execution id and a zero-padded
/// sequence number, so an execution's events sort in order and a continued-as-new execution never collides with the
/// previous one. Only the first <c>HistoryCount</c> rows (from the instance row) of the current execution count: rows
/// past it are leftovers of an episode that never committed.
/// </summary>
public sealed partial class AzureStorageDurableStore
{
    private const int MaxBatchEntities = 100;

    /// <summary>Characters per transaction, well under the 4 MiB request limit.</summary>
    private const int MaxBatchChars = 1_500_000;

    private const string EventColumn = "Event";

    private static string HistoryRowKey(string executionId, int sequence) =>
        executionId + "-" + sequence.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>Appends events at <paramref name="first"/>. Rows found at those positions are leftovers of an
    /// episode that did not commit; they are overwritten only after <paramref name="stillLocked"/> confirms this
    /// worker holds the lock, otherwise the write fails with <see cref="WorkItemLockLostException"/>.</summary>
    private async Task WriteHistoryAsync(string instanceId, string executionId, int first, IReadOnlyList<HistoryEvent> events,
        Func<Task<bool>> stillLocked, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(instanceId);
        var batch = new List<TableEntity>();
        var chars = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var rowKey = HistoryRowKey(executionId, first + i);
            var json = HistoryJson.Serialize(events[i]);
            var entity = new TableEntity(partition, rowKey);
            if (json.Length > LargePayloads.MaxTableChars)
            {
                var blob = $"{partition}/history/{rowKey}";
                await _large.UploadAsync(blob, json, cancellationToken).ConfigureAwait(false);
                entity[EventColumn + "Blob"] = blob;
                chars += blob.Length;
            }
            else
            {
                entity[EventColumn] = json;
                chars += json.Length;
            }

            batch.Add(entity);
            if (batch.Count == MaxBatchEntities || chars > MaxBatchChars)
            {
                await SubmitHistoryAsync(instanceId, batch, stillLocked, cancellationToken).ConfigureAwait(false);
                batch.Clear();
                chars = 0;
            }
        }

        if (batch.Count > 0)
        {
            await SubmitHistoryAsync(instanceId, batch, stillLocked, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SubmitHistoryAsync(string instanceId, List<TableEntity> batch, Func<Task<bool>> stillLocked, CancellationToken cancellationToken)
    {
        try
        {
            await _history.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            if (!await stillLocked().ConfigureAwait(false))
            {
                throw new WorkItemLockLostException($"instance '{instanceId}'");
            }

            await _history.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(string instanceId, string executionId, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return [];
        }

        var partition = TableKeys.Escape(instanceId);
        var from = executionId + "-";
        var to = executionId + ".";
        var rows = new List<TableEntity>();
        await foreach (var row in _history.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var history = new List<HistoryEvent>(count);
        foreach (var row in rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(count))
        {
            var json = row.GetString(EventColumn) ?? await _large.DownloadAsync(row.GetString(EventColumn + "Blob") ?? "", cancellationToken).ConfigureAwait(false);
            try
            {
                history.Add(HistoryJson.Deserialize(json));
            }
            catch (PayloadFormatException ex)
            {
                throw new PayloadFormatException($"History event {row.RowKey} of instance '{instanceId}' is corrupt: {ex.Message}", ex);
            }
        }

        return history;
    }

    /// <summary>Deletes an instance's history rows, except those of <paramref name="keepExecution"/>.</summary>
    private async Task DeleteHistoryAsync(string instanceId, string? keepExecution, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Escape(instanceId);
        var doomed = new List<TableEntity>();
        await foreach (var row in _history.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey", EventColumn + "Blob"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (keepExecution is null || !row.RowKey.StartsWith(keepExecution + "-", StringComparison.Ordinal))
            {
                doomed.Add(row);
            }
        }

        foreach (var chunk in doomed.Chunk(MaxBatchEntities))
        {
            try
            {
                await _history.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Another cleanup got there first.
            }

            foreach (var row in chunk)
            {
                if (row.GetString(EventColumn + "Blob") is { } blob)
                {
                    await _large.DeleteAsync(blob, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}

using Azure;
using Azure.Data.Tables;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>The client half: creating, messaging, reading, querying and purging instances.</summary>
public sealed partial class AzureStorageDurableStore
{
    private static readonly OrchestrationRuntimeStatus[] TerminalStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public async Task CreateInstanceAsync(TaskMessage executionStarted, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionStarted);
        ArgumentNullException.ThrowIfNull(dedupeStatuses);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await GuardAsync(async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                var existing = await ReadRowAsync(executionStarted.InstanceId, cancellationToken).ConfigureAwait(false);
                if (existing is not null && dedupeStatuses.Contains(InstanceRows.StatusOf(existing)))
                {
                    throw new OrchestrationAlreadyExistsException(executionStarted.InstanceId, InstanceRows.StatusOf(existing));
                }

                try
                {
                    await CreateOrReplaceAsync(executionStarted, executionStarted.ExecutionId ?? Guid.NewGuid().ToString("N"), existing, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 4)
                {
                    // Another client created or replaced it between the read and the write: decide again.
                }
            }
        }).ConfigureAwait(false);
    }

    public async Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await GuardAsync(async () =>
        {
            if (await ReadRowAsync(message.InstanceId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new OrchestrationNotFoundException(message.InstanceId);
            }

            await SendControlAsync(message, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        _signal.Signal(WorkKind.Orchestration);
    }

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool fetchPayloads, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () => await ReadRowAsync(instanceId, cancellationToken).ConfigureAwait(false) is { } row
            ? await InstanceRows.ToMetadataAsync(_large, row, fetchPayloads, cancellationToken).ConfigureAwait(false)
            : null).ConfigureAwait(false);
    }

    /// <remarks>Table queries cannot order by creation time, so matching rows are read and ordered here: fine for
    /// the thousands of instances a hub usually keeps, slower for millions (purge old ones).</remarks>
    public async Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var after = query.ContinuationToken is { } token ? ContinuationToken.Decode(token) : ((DateTime, string)?)null;
        var filter = Filter(query.Statuses, query.CreatedFrom, query.CreatedTo, query.InstanceIdPrefix);
        return await GuardAsync(async () =>
        {
            var rows = new List<TableEntity>();
            await foreach (var row in _instances.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var created = InstanceRows.Ticks(row.GetInt64(InstanceRows.CreatedAt) ?? 0);
                var id = row.GetString(InstanceRows.InstanceId) ?? "";
                if ((query.Name is null || string.Equals(row.GetString(InstanceRows.Name), query.Name, StringComparison.OrdinalIgnoreCase))
                    && (query.InstanceIdPrefix is null || id.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                    && (after is not { } a || created > a.Item1 || (created == a.Item1 && string.CompareOrdinal(id, a.Item2) > 0)))
                {
                    rows.Add(row);
                }
            }

            var ordered = rows
                .OrderBy(r => r.GetInt64(InstanceRows.CreatedAt) ?? 0)
                .ThenBy(r => r.GetString(InstanceRows.InstanceId), StringComparer.Ordinal)
                .Take(query.PageSize + 1)
                .ToList();
            var page = new List<OrchestrationMetadata>();
            foreach (var row in ordered.Take(query.PageSize))
            {
                page.Add(await InstanceRows.ToMetadataAsync(_large, row, query.FetchPayloads, cancellationToken).ConfigureAwait(false));
            }

            var next = ordered.Count > query.PageSize ? ContinuationToken.Encode(page[^1].CreatedAt, page[^1].InstanceId) : null;
            return new OrchestrationQueryResult(page, next);
        }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await GuardAsync(async () => await ReadRowAsync(instanceId, cancellationToken).ConfigureAwait(false) is { } row
            ? await ReadHistoryAsync(instanceId, InstanceRows.ExecutionOf(row), InstanceRows.HistoryCountOf(row), cancellationToken).ConfigureAwait(false)
            : []).ConfigureAwait(false);
    }

    public async Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var statuses = TerminalStatuses.Where(s => filter.Statuses is not { Count: > 0 } || filter.Statuses.Contains(s)).ToList();
        return await GuardAsync(async () =>
        {
            var victims = new List<TableEntity>();
            if (filter.InstanceId is not null)
            {
                if (await ReadRowAsync(filter.InstanceId, cancellationToken).ConfigureAwait(false) is { } row && statuses.Contains(InstanceRows.StatusOf(row)))
                {
                    victims.Add(row);
                }
            }
            else if (statuses.Count > 0)
            {
                await foreach (var row in _instances.QueryAsync<TableEntity>(Filter(statuses, filter.CreatedFrom, filter.CreatedTo, null), cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    victims.Add(row);
                }
            }

            var purged = 0;
            foreach (var row in victims)
            {
                var id = row.GetString(InstanceRows.InstanceId) ?? row.PartitionKey;
                try
                {
                    // The row goes first (checked against its etag, so an instance restarted meanwhile is kept); the
                    // history and blobs left by a crash after it are unreachable and removed by the next purge or create.
                    await _instances.DeleteEntityAsync(row, row.ETag, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    continue;
                }

                await DeleteHistoryAsync(id, keepExecution: null, cancellationToken).ConfigureAwait(false);
                await _large.DeletePrefixAsync(TableKeys.Escape(id) + "/", cancellationToken).ConfigureAwait(false);
                purged++;
            }

            return purged;
        }).ConfigureAwait(false);
    }

    private static string? Filter(IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, DateTime? from, DateTime? to, string? prefix)
    {
        var parts = new List<string>();
        if (statuses is { Count: > 0 })
        {
            parts.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {(int)s}"))) + ")");
        }

        if (from is { } f)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt ge {f.ToUniversalTime().Ticks}"));
        }

        if (to is { } t)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt le {t.ToUniversalTime().Ticks}"));
        }

        if (prefix is { Length: > 0 })
        {
            var escaped = TableKeys.Escape(prefix);
            parts.Add(TableClient.CreateQueryFilter($"PartitionKey ge {escaped} and PartitionKey lt {TableKeys.PrefixEnd(escaped)}"));
        }

        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }
}

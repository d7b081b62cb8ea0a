using System.Globalization;
using DurableTask.Core;
using LoopFunctions.DurableTask.Sqlite.Storage;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Purging ended instances: the instance row, its history, inbox and activities, in one transaction per batch.</summary>
/// <remarks>Only Completed, Failed, Terminated and Canceled instances are purged; a live one is left alone (a worker may
/// hold it), so a filter naming live statuses purges nothing of them.</remarks>
public sealed partial class SqliteOrchestrationService
{
    private const int PurgeBatch = 500;

    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var deleted = await WriteAsync(db =>
        {
            if (StatusOf(db, instanceId) is not { } status || !Statuses.IsTerminal(status))
            {
                return 0;
            }

            Purge(db, instanceId);
            return 1;
        }).ConfigureAwait(false);
        await _store.FlushAsync().ConfigureAwait(false);
        return new PurgeResult(deleted, isComplete: true);
    }

    /// <summary>Purges ended instances created in [CreatedTimeFrom, CreatedTimeTo] with one of the statuses (any
    /// ended status when none is given), in batches; with a <see cref="PurgeInstanceFilter.Timeout"/>, stops after
    /// the batch that passes it and reports <c>IsComplete = false</c>.</summary>
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        var statuses = (purgeInstanceFilter.RuntimeStatus?.ToList() is { Count: > 0 } given ? given : [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled])
            .Where(Statuses.IsTerminal).Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)).ToList();
        if (statuses.Count == 0)
        {
            return new PurgeResult(0, isComplete: true);
        }

        var sql = $"SELECT instance_id FROM instances WHERE hub = $hub AND status IN ({string.Join(',', statuses)}) AND created_at >= $from AND created_at <= $to LIMIT $max";
        var from = Ticks(purgeInstanceFilter.CreatedTimeFrom);
        var to = purgeInstanceFilter.CreatedTimeTo is { } t ? Ticks(t) : long.MaxValue;
        return await PurgeWhereAsync(sql, [("$from", from), ("$to", to)], purgeInstanceFilter.Timeout).ConfigureAwait(false);
    }

    /// <summary>Purges ended instances whose created, last-updated or completed time is before the threshold.</summary>
    public async Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        var column = timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter => "created_at",
            OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => "last_updated_at",
            _ => "completed_at",
        };
        var sql = $"SELECT instance_id FROM instances WHERE hub = $hub AND status IN {Statuses.TerminalSql} AND {column} < $threshold LIMIT $max";
        await PurgeWhereAsync(sql, [("$threshold", Ticks(thresholdDateTimeUtc))], null).ConfigureAwait(false);
    }

    private async Task<PurgeResult> PurgeWhereAsync(string selectSql, (string, object?)[] parameters, TimeSpan? timeout)
    {
        var started = Now;
        var total = 0;
        while (true)
        {
            var purged = await WriteAsync(db =>
            {
                var ids = new List<string>();
                using (var reader = db.Query(selectSql, [("$hub", _hub), ("$max", PurgeBatch), .. parameters]))
                {
                    while (reader.Read())
                    {
                        ids.Add(reader.GetString(0));
                    }
                }

                foreach (var id in ids)
                {
                    Purge(db, id);
                }

                return ids.Count;
            }).ConfigureAwait(false);
            total += purged;
            await _store.FlushAsync().ConfigureAwait(false);
            if (purged < PurgeBatch)
            {
                return new PurgeResult(total, isComplete: true);
            }

            if (timeout is { } limit && Now - started >= limit.Ticks)
            {
                return new PurgeResult(total, isComplete: false);
            }
        }
    }

    private void Purge(Db db, string instanceId)
    {
        DeleteInstanceData(db, instanceId);
        db.Exec("DELETE FROM instances WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
    }
}

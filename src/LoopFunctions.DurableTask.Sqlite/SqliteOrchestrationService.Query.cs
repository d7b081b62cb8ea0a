using System.Globalization;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Query;
using LoopFunctions.DurableTask.Sqlite.Serialization;
using LoopFunctions.DurableTask.Sqlite.Signals;
using LoopFunctions.DurableTask.Sqlite.Storage;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>Reading instances: state, history, queries with keyset paging, and waiting for completion.</summary>
/// <remarks>One execution is kept per instance (the current one), as DurableTask.AzureStorage does: an execution id
/// given to the state reads is not used to select among executions.</remarks>
public sealed partial class SqliteOrchestrationService
{
    private const string StateColumns =
        "instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, scheduled_start_at, " +
        "custom_status, failure_json, tags_json, parent_json, input, output";

    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
        await GetStateAsync(instanceId, true).ConfigureAwait(false) is { } state ? [state] : [];

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => GetStateAsync(instanceId, true)!;

    /// <summary>The current execution's history as a JSON array of DTFx events (with their type names, whichever format
    /// each row is stored in); every element carries its <c>EventType</c>. An execution id other than the current one gives an empty array.</summary>
    public async Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId)
    {
        return await ReadAsync(db =>
        {
            var current = db.Scalar("SELECT execution_id FROM instances WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId)) as string;
            var json = new StringBuilder("[");
            if (current is not null && (string.IsNullOrEmpty(executionId) || executionId == current))
            {
                using var reader = db.Query("SELECT event_json FROM history WHERE hub = $hub AND instance_id = $id AND execution_id = $exec ORDER BY seq",
                    ("$hub", _hub), ("$id", instanceId), ("$exec", current));
                while (reader.Read())
                {
                    json.Append(json.Length > 1 ? "," : "").Append(DurableJson.ToTypeNamed(reader.GetString(0)));
                }
            }

            return json.Append(']').ToString();
        }).ConfigureAwait(false);
    }

    /// <summary>Waits, woken by this process's commits and by polls for other processes' work, until the instance is
    /// Completed, Failed, Terminated or Canceled, and returns its state; null after <paramref name="timeout"/> (which may
    /// be <see cref="TimeSpan.MaxValue"/> or infinite).</summary>
    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var infinite = timeout == Timeout.InfiniteTimeSpan || timeout >= TimeSpan.FromDays(3650);
        var deadline = infinite ? long.MaxValue : Now + Math.Max(0, timeout.Ticks);
        var backoff = new PollBackoff(Settings.MaxQueuePollingInterval);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var signal = _signals.Completions.Next;
            if (await GetStateAsync(instanceId, true, durable: false).ConfigureAwait(false) is { } state && Statuses.IsTerminal(state.OrchestrationStatus))
            {
                await _store.FlushAsync().ConfigureAwait(false);
                return state;
            }

            var now = Now;
            if (now >= deadline)
            {
                return null!;
            }

            if (await WaitAsync(signal, TimeSpan.FromTicks(Math.Min(backoff.Next().Ticks, deadline - now)), cancellationToken).ConfigureAwait(false))
            {
                backoff.Reset();
            }
        }
    }

    /// <summary>Instances of this hub (or of <see cref="OrchestrationQuery.TaskHubNames"/> in the same file) in
    /// (created time, instance id) order, with a keyset continuation token: paging never skips or repeats an instance,
    /// whatever is created meanwhile.</summary>
    public async Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        var hubs = query.TaskHubNames is { Count: > 0 } names ? names.ToList() : [_hub];
        where.Add($"hub IN ({string.Join(',', hubs.Select((_, i) => "$hub" + i.ToString(CultureInfo.InvariantCulture)))})");
        parameters.AddRange(hubs.Select((h, i) => ("$hub" + i.ToString(CultureInfo.InvariantCulture), (object?)h)));
        if (query.RuntimeStatus is { Count: > 0 } statuses)
        {
            where.Add($"status IN ({string.Join(',', statuses.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)))})");
        }

        if (query.CreatedTimeFrom is { } from)
        {
            where.Add("created_at >= $from");
            parameters.Add(("$from", Ticks(from)));
        }

        if (query.CreatedTimeTo is { } to)
        {
            where.Add("created_at <= $to");
            parameters.Add(("$to", Ticks(to)));
        }

        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            where.Add("instance_id >= $prefix AND substr(instance_id, 1, length($prefix)) = $prefix");
            parameters.Add(("$prefix", query.InstanceIdPrefix));
        }

        if (query.ExcludeEntities)
        {
            where.Add("substr(instance_id, 1, 1) <> '@'");
        }

        if (!string.IsNullOrEmpty(query.ContinuationToken))
        {
            var (afterCreated, afterId) = DecodeToken(query.ContinuationToken);
            where.Add("(created_at > $afterCreated OR (created_at = $afterCreated AND instance_id > $afterId))");
            parameters.Add(("$afterCreated", afterCreated));
            parameters.Add(("$afterId", afterId));
        }

        var pageSize = Math.Max(1, query.PageSize);
        parameters.Add(("$limit", pageSize + 1));
        var sql = $"SELECT {StateColumns} FROM instances WHERE {string.Join(" AND ", where)} ORDER BY created_at, instance_id LIMIT $limit";
        return await ReadAsync(db =>
        {
            using var command = db.Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            var page = new List<(OrchestrationState State, long Created)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    page.Add((ReadState(reader, query.FetchInputsAndOutputs), reader.GetInt64(5)));
                }
            }

            string? next = null;
            if (page.Count > pageSize)
            {
                page.RemoveAt(page.Count - 1);
                next = EncodeToken(page[^1].Created, page[^1].State.OrchestrationInstance.InstanceId);
            }

            return new OrchestrationQueryResult(page.Select(p => p.State).ToList(), next);
        }).ConfigureAwait(false);
    }

    private async Task<OrchestrationState?> GetStateAsync(string instanceId, bool withPayloads, bool durable = true) => await ReadAsync(db =>
    {
        using var reader = db.Query($"SELECT {StateColumns} FROM instances WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
        return reader.Read() ? ReadState(reader, withPayloads) : null;
    }, durable).ConfigureAwait(false);

    private static OrchestrationState ReadState(SqliteDataReader reader, bool withPayloads) => new()
    {
        OrchestrationInstance = new OrchestrationInstance { InstanceId = reader.GetString(0), ExecutionId = reader.GetString(1) },
        Name = reader.GetString(2),
        Version = String(reader, 3)!,
        OrchestrationStatus = (OrchestrationStatus)reader.GetInt32(4),
        CreatedTime = Utc(reader.GetInt64(5)),
        LastUpdatedTime = Utc(reader.GetInt64(6)),
        CompletedTime = reader.IsDBNull(7) ? DateTime.MaxValue : Utc(reader.GetInt64(7)),
        ScheduledStartTime = reader.IsDBNull(8) ? null : Utc(reader.GetInt64(8)),
        Status = String(reader, 9)!,
        FailureDetails = String(reader, 10) is { } failure ? DurableJson.Read<FailureDetails>(failure) : null,
        Tags = String(reader, 11) is { } tags ? DurableJson.Read<IDictionary<string, string>>(tags) : null!,
        ParentInstance = String(reader, 12) is { } parent ? DurableJson.Read<ParentInstance>(parent) : null!,
        Input = withPayloads ? String(reader, 13)! : null!,
        Output = withPayloads ? String(reader, 14)! : null!,
    };

    private static string? String(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string EncodeToken(long created, string instanceId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(created.ToString(CultureInfo.InvariantCulture) + "|" + instanceId));

    private static (long Created, string InstanceId) DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (long.Parse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException($"'{token}' is not a continuation token of this provider.", nameof(token), ex);
        }
    }
}

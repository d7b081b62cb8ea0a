using System.Text.Json;
using LoopFunctions.Durable.History;
using LoopFunctions.Durable.Storage;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.Durable.Sqlite;

/// <summary>The client half: creating, messaging, reading, querying and purging instances.</summary>
public sealed partial class SqliteDurableStore
{
    private const string InstanceColumns =
        "instance_id, name, execution_id, status, created_at, last_updated_at, scheduled_start_at, failure, parent_instance_id, input, output, custom_status";

    public async Task CreateInstanceAsync(TaskMessage executionStarted, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionStarted);
        ArgumentNullException.ThrowIfNull(dedupeStatuses);
        await CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await GroupCommitAsync(() =>
        {
            if (StatusOf(executionStarted.InstanceId) is { } existing && dedupeStatuses.Contains(existing))
            {
                throw new OrchestrationAlreadyExistsException(executionStarted.InstanceId, existing);
            }

            CreateOrReplace(executionStarted);
            return true;
        }).ConfigureAwait(false);
        _signal.Signal(WorkKind.Orchestration);
    }

    public async Task SendMessageAsync(TaskMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await GroupCommitAsync(() => Enqueue(message) ? true : throw new OrchestrationNotFoundException(message.InstanceId)).ConfigureAwait(false);
        _signal.Signal(WorkKind.Orchestration);
    }

    public Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool fetchPayloads, CancellationToken cancellationToken = default) =>
        ReadAsync(connection =>
        {
            using var command = ReadCommand(connection, $"SELECT {InstanceColumns} FROM instances WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ToMetadata(reader, fetchPayloads) : null;
        }, cancellationToken);

    public Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new List<string> { "hub = $hub" };
        var parameters = new List<(string, object?)> { ("$hub", _hub) };
        if (query.Statuses is { Count: > 0 } statuses)
        {
            where.Add($"status IN ({string.Join(',', statuses.Select(s => (int)s))})");
        }

        if (query.Name is not null)
        {
            where.Add("name = $name COLLATE NOCASE");
            parameters.Add(("$name", query.Name));
        }

        if (query.CreatedFrom is { } from)
        {
            where.Add("created_at >= $from");
            parameters.Add(("$from", from.ToUniversalTime().Ticks));
        }

        if (query.CreatedTo is { } to)
        {
            where.Add("created_at <= $to");
            parameters.Add(("$to", to.ToUniversalTime().Ticks));
        }

        if (query.InstanceIdPrefix is { Length: > 0 } prefix)
        {
            where.Add("substr(instance_id, 1, length($prefix)) = $prefix");
            parameters.Add(("$prefix", prefix));
        }

        if (query.ContinuationToken is { } token)
        {
            var (afterCreated, afterId) = ContinuationToken.Decode(token);
            where.Add("(created_at > $afterCreated OR (created_at = $afterCreated AND instance_id > $afterId))");
            parameters.Add(("$afterCreated", afterCreated.Ticks));
            parameters.Add(("$afterId", afterId));
        }

        parameters.Add(("$limit", query.PageSize + 1));
        var sql = $"SELECT {InstanceColumns} FROM instances WHERE {string.Join(" AND ", where)} ORDER BY created_at, instance_id LIMIT $limit";
        return ReadAsync(connection =>
        {
            using var command = ReadCommand(connection, sql, [.. parameters]);
            using var reader = command.ExecuteReader();
            var page = new List<OrchestrationMetadata>();
            while (reader.Read())
            {
                page.Add(ToMetadata(reader, query.FetchPayloads));
            }

            string? next = null;
            if (page.Count > query.PageSize)
            {
                page.RemoveAt(page.Count - 1);
                next = ContinuationToken.Encode(page[^1].CreatedAt, page[^1].InstanceId);
            }

            return new OrchestrationQueryResult(page, next);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<HistoryEvent>>(connection =>
        {
            using var command = ReadCommand(connection, "SELECT seq, event FROM history WHERE hub = $hub AND instance_id = $id ORDER BY seq", ("$hub", _hub), ("$id", instanceId));
            using var reader = command.ExecuteReader();
            var history = new List<HistoryEvent>();
            while (reader.Read())
            {
                try
                {
                    history.Add(HistoryJson.Deserialize(reader.GetString(1)));
                }
                catch (PayloadFormatException ex)
                {
                    throw new PayloadFormatException($"History event {reader.GetInt64(0)} of instance '{instanceId}' is corrupt: {ex.Message}", ex);
                }
            }

            return history;
        }, cancellationToken);

    public Task<int> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var terminal = string.Join(',', new[] { OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated }
            .Where(s => filter.Statuses is not { Count: > 0 } || filter.Statuses.Contains(s)).Select(s => (int)s));
        return WriteAsync(() =>
        {
            var victims = new List<string>();
            var select = filter.InstanceId is not null
                ? Command($"SELECT instance_id FROM instances WHERE hub = $hub AND instance_id = $id AND status IN ({terminal})", ("$hub", _hub), ("$id", filter.InstanceId))
                : Command($"SELECT instance_id FROM instances WHERE hub = $hub AND status IN ({terminal}) AND created_at >= $from AND created_at <= $to",
                    ("$hub", _hub), ("$from", filter.CreatedFrom?.ToUniversalTime().Ticks ?? 0L), ("$to", filter.CreatedTo?.ToUniversalTime().Ticks ?? long.MaxValue));
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    victims.Add(reader.GetString(0));
                }
            }

            foreach (var id in victims)
            {
                DeleteInstanceData(id);
                Exec("DELETE FROM instances WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", id));
            }

            return victims.Count;
        }, cancellationToken);
    }

    private OrchestrationRuntimeStatus? StatusOf(string instanceId) =>
        Command("SELECT status FROM instances WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId)).ExecuteScalar() is long status
            ? (OrchestrationRuntimeStatus)status
            : null;

    /// <summary>Creates the row and its first message, replacing any previous execution; inside a write.</summary>
    private void CreateOrReplace(TaskMessage message)
    {
        var started = (ExecutionStartedEvent)message.Event;
        var executionId = message.ExecutionId ?? Guid.NewGuid().ToString("N");
        DeleteInstanceData(message.InstanceId);
        Exec(
            """
            INSERT OR REPLACE INTO instances (hub, instance_id, execution_id, name, status, created_at, last_updated_at, scheduled_start_at, input, parent_instance_id)
            VALUES ($hub, $id, $exec, $name, 0, $created, $created, $scheduled, $input, $parent)
            """,
            ("$hub", _hub), ("$id", message.InstanceId), ("$exec", executionId), ("$name", started.Name), ("$created", started.Timestamp.Ticks),
            ("$scheduled", message.VisibleAt?.Ticks), ("$input", started.Input), ("$parent", started.ParentInstance?.InstanceId));
        Enqueue(message with { ExecutionId = executionId });
    }

    private void DeleteInstanceData(string instanceId)
    {
        Exec("DELETE FROM history WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
        Exec("DELETE FROM inbox WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
        Exec("DELETE FROM activities WHERE hub = $hub AND instance_id = $id", ("$hub", _hub), ("$id", instanceId));
    }

    /// <summary>Stores a message if its instance exists; inside a write. False when there is no such instance.</summary>
    private bool Enqueue(TaskMessage message)
    {
        var visibleAt = message.VisibleAt?.Ticks ?? 0L;
        var updated = Exec(
            "UPDATE instances SET next_visible_at = min(coalesce(next_visible_at, $v), $v) WHERE hub = $hub AND instance_id = $id",
            ("$hub", _hub), ("$id", message.InstanceId), ("$v", visibleAt));
        if (updated == 0)
        {
            return false;
        }

        Exec(
            "INSERT INTO inbox (hub, instance_id, execution_id, visible_at, event) VALUES ($hub, $id, $exec, $v, $event)",
            ("$hub", _hub), ("$id", message.InstanceId), ("$exec", message.ExecutionId), ("$v", visibleAt), ("$event", HistoryJson.Serialize(message.Event)));
        return true;
    }

    private static OrchestrationMetadata ToMetadata(SqliteDataReader reader, bool withPayloads) => new(reader.GetString(1), reader.GetString(0))
    {
        ExecutionId = reader.GetString(2),
        RuntimeStatus = (OrchestrationRuntimeStatus)reader.GetInt32(3),
        CreatedAt = Ticks(reader.GetInt64(4)),
        LastUpdatedAt = Ticks(reader.GetInt64(5)),
        ScheduledStartAt = reader.IsDBNull(6) ? null : Ticks(reader.GetInt64(6)),
        FailureDetails = NullableString(reader, 7) is { } failure ? JsonSerializer.Deserialize<FailureDetails>(failure, HistoryJson.Options) : null,
        ParentInstanceId = NullableString(reader, 8),
        SerializedInput = withPayloads ? NullableString(reader, 9) : null,
        SerializedOutput = withPayloads ? NullableString(reader, 10) : null,
        SerializedCustomStatus = withPayloads ? NullableString(reader, 11) : null,
    };
}

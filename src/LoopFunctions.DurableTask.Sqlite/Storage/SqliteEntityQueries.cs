using System.Text;
using DurableTask.Core.Entities;
using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite.Storage;

/// <summary>
/// Entity reads and cleaning on the instance rows: an entity's state is its instance input (DTFx's serialized
/// scheduler state) and its status (existence, backlog, lock holder) the custom status DTFx writes each batch.
/// </summary>
/// <remarks>Queries page by instance id (a keyset: never a skip or a repeat, whatever is created meanwhile); every
/// entity id starts with '@', so a page is a range of the primary key.</remarks>
internal sealed class SqliteEntityQueries(SqliteOrchestrationService service) : EntityBackendQueries
{
    private const int DefaultPageSize = 100;
    private const int CleanBatch = 500;

    private const string Columns = "instance_id, last_updated_at, input, custom_status";

    /// <summary>An entity with user state (DTFx's <see cref="EntityStatus.EntityExists"/>), as a test on the stored
    /// custom status (<see cref="EntityStatus.TestEntityExists"/> does the same).</summary>
    private const string ExistsSql = "instr(coalesce(custom_status, ''), '\"entityExists\"') > 0";

    public override async Task<EntityMetadata?> GetEntityAsync(EntityId id, bool includeState = false, bool includeStateless = false, CancellationToken cancellation = default)
    {
        var instanceId = id.ToString();
        return await service.ReadStoreAsync(db =>
        {
            using var reader = db.Query($"SELECT {Columns} FROM instances WHERE hub = $hub AND instance_id = $id AND is_entity = 1",
                ("$hub", service.HubName), ("$id", instanceId));
            return reader.Read() ? Metadata(reader, includeState, includeStateless) : null;
        }).ConfigureAwait(false);
    }

    public override async Task<EntityQueryResult> QueryEntitiesAsync(EntityQuery query, CancellationToken cancellation)
    {
        var prefix = query.InstanceIdStartsWith is { Length: > 0 } given ? (given[0] == '@' ? given : "@" + given) : "@";
        var after = query.ContinuationToken is { Length: > 0 } token ? Decode(token) : "";
        var pageSize = query.PageSize is int n && n > 0 ? n : DefaultPageSize;
        var from = query.LastModifiedFrom is { } f ? f.ToUniversalTime().Ticks : 0L;
        var to = query.LastModifiedTo is { } t ? t.ToUniversalTime().Ticks : long.MaxValue;
        var sql =
            $"""
            SELECT {Columns} FROM instances
            WHERE hub = $hub AND instance_id >= $prefix AND instance_id > $after AND substr(instance_id, 1, length($prefix)) = $prefix
              AND is_entity = 1 AND last_updated_at >= $from AND last_updated_at <= $to AND ($transient OR {ExistsSql})
            ORDER BY instance_id LIMIT $limit
            """;
        return await service.ReadStoreAsync(db =>
        {
            var page = new List<EntityMetadata>();
            var last = "";
            var rows = 0;
            using var reader = db.Query(sql, ("$hub", service.HubName), ("$prefix", prefix), ("$after", after), ("$from", from), ("$to", to),
                ("$transient", query.IncludeTransient), ("$limit", pageSize + 1));
            while (reader.Read() && ++rows <= pageSize)
            {
                last = reader.GetString(0);
                if (Metadata(reader, query.IncludeState, includeStateless: true) is { } metadata)
                {
                    page.Add(metadata);
                }
            }

            // One row beyond the page was read: there is more after the last one returned.
            return new EntityQueryResult { Results = page, ContinuationToken = rows > pageSize ? Encode(last) : null };
        }).ConfigureAwait(false);
    }

    /// <summary>Removes entities without user state, backlog, lock or pending messages (with their history), and sends
    /// an unlock to entities whose lock holder is gone (missing or ended), in batches until none is left.</summary>
    public override async Task<CleanEntityStorageResult> CleanEntityStorageAsync(CleanEntityStorageRequest request = default, CancellationToken cancellation = default)
    {
        var removed = 0;
        var released = 0;
        if (request.RemoveEmptyEntities)
        {
            int batch;
            do
            {
                cancellation.ThrowIfCancellationRequested();
                batch = await service.WriteStoreAsync((db, _) =>
                {
                    var ids = new List<string>();
                    using (var reader = db.Query(
                        $"""
                        SELECT instance_id FROM instances
                        WHERE hub = $hub AND instance_id >= '@' AND is_entity = 1 AND lock_expires <= $now AND next_visible_at IS NULL
                          AND NOT ({ExistsSql}) AND instr(coalesce(custom_status, ''), '"lockedBy"') = 0 AND instr(coalesce(custom_status, ''), '"queueSize"') = 0
                          AND NOT EXISTS (SELECT 1 FROM inbox WHERE inbox.hub = $hub AND inbox.instance_id = instances.instance_id)
                        LIMIT $max
                        """,
                        ("$hub", service.HubName), ("$now", service.UtcNowTicks), ("$max", CleanBatch)))
                    {
                        while (reader.Read())
                        {
                            ids.Add(reader.GetString(0));
                        }
                    }

                    foreach (var id in ids)
                    {
                        service.PurgeInstance(db, id);
                    }

                    return ids.Count;
                }).ConfigureAwait(false);
                removed += batch;
            }
            while (batch == CleanBatch);
        }

        if (request.ReleaseOrphanedLocks)
        {
            released = await service.WriteStoreAsync((db, effects) =>
            {
                var locks = new List<(string Entity, string Holder)>();
                using (var reader = db.Query(
                    "SELECT instance_id, custom_status FROM instances WHERE hub = $hub AND instance_id >= '@' AND is_entity = 1 AND instr(coalesce(custom_status, ''), '\"lockedBy\"') > 0",
                    ("$hub", service.HubName)))
                {
                    while (reader.Read())
                    {
                        if (ClientEntityHelpers.GetEntityStatus(reader.GetString(1))?.LockedBy is { Length: > 0 } holder)
                        {
                            locks.Add((reader.GetString(0), holder));
                        }
                    }
                }

                var count = 0;
                foreach (var (entity, holder) in locks)
                {
                    var status = db.Scalar("SELECT status FROM instances WHERE hub = $hub AND instance_id = $id", ("$hub", service.HubName), ("$id", holder)) as long?;
                    if (status is null || Statuses.IsTerminal((global::DurableTask.Core.OrchestrationStatus)status.Value))
                    {
                        var unlock = ClientEntityHelpers.EmitUnlockForOrphanedLock(new global::DurableTask.Core.OrchestrationInstance { InstanceId = entity }, holder);
                        count += service.EnqueueMessage(db, unlock.AsTaskMessage(), effects) ? 1 : 0;
                    }
                }

                return count;
            }).ConfigureAwait(false);
        }

        return new CleanEntityStorageResult { EmptyEntitiesRemoved = removed, OrphanedLocksReleased = released };
    }

    /// <summary>The metadata of the row; null when it has no user state and stateless entities were not asked for.</summary>
    private static EntityMetadata? Metadata(SqliteDataReader reader, bool includeState, bool includeStateless)
    {
        var instanceId = reader.GetString(0);
        var status = reader.IsDBNull(3) ? null : ClientEntityHelpers.GetEntityStatus(reader.GetString(3));
        if (!(status?.EntityExists ?? false) && !includeStateless)
        {
            return null;
        }

        EntityId id;
        try
        {
            id = EntityId.FromString(instanceId);
        }
        catch (ArgumentException)
        {
            return null; // not a well-formed '@name@key' id: no entity DTFx could address
        }

        return new EntityMetadata
        {
            EntityId = id,
            LastModifiedTime = new DateTime(reader.GetInt64(1), DateTimeKind.Utc),
            BacklogQueueSize = status?.BacklogQueueSize ?? 0,
            LockedBy = status?.LockedBy,
            SerializedState = includeState && !reader.IsDBNull(2) ? ClientEntityHelpers.GetEntityState(reader.GetString(2)) : null,
        };
    }

    private static string Encode(string instanceId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(instanceId));

    private static string Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"'{token}' is not an entity continuation token of this provider.", nameof(token), ex);
        }
    }
}

using Microsoft.Data.Sqlite;

namespace LoopFunctions.Durable.Sqlite;

/// <summary>
/// Read-only probes that let an idle worker's polls skip the write transaction: in WAL mode a read never blocks the
/// writer, while an empty "lock next" would hold the process's write lock (and SQLite's) for nothing.
/// </summary>
public sealed partial class SqliteDurableStore
{
    private readonly Lock _probeLock = new();
    private SqliteConnection? _probe;
    private SqliteCommand? _orchestrationProbe;
    private SqliteCommand? _activityProbe;

    private bool HasVisibleOrchestration(long now) => Probe(ref _orchestrationProbe,
        "SELECT 1 FROM instances WHERE hub = $hub AND next_visible_at <= $now AND lock_expires <= $now LIMIT 1", now);

    private bool HasVisibleActivity(long now) => Probe(ref _activityProbe,
        "SELECT 1 FROM activities WHERE hub = $hub AND visible_at <= $now LIMIT 1", now);

    private bool Probe(ref SqliteCommand? command, string sql, long now)
    {
        lock (_probeLock)
        {
            try
            {
                if (_probe is null)
                {
                    _probe = new SqliteConnection(_connectionString);
                    _probe.Open();
                }

                if (command is null)
                {
                    command = _probe.CreateCommand();
                    command.CommandText = sql;
                    command.Parameters.AddWithValue("$hub", _hub);
                    command.Parameters.Add("$now", SqliteType.Integer);
                }

                command.Parameters["$now"].Value = now;
                return command.ExecuteScalar() is not null;
            }
            catch (SqliteException ex)
            {
                throw SqliteErrors.Map(ex, _options);
            }
        }
    }

    private void DisposeProbe()
    {
        lock (_probeLock)
        {
            _orchestrationProbe?.Dispose();
            _activityProbe?.Dispose();
            _probe?.Dispose();
            (_orchestrationProbe, _activityProbe, _probe) = (null, null, null);
        }
    }
}

using Microsoft.Data.Sqlite;

namespace LoopFunctions.Durable.Sqlite;

/// <summary>How the store talks to SQLite: one write connection per process behind a lock (so this process's
/// writers queue in memory instead of spinning on SQLITE_BUSY), pooled connections for reads, cached commands.</summary>
public sealed partial class SqliteDurableStore
{
    private async Task<T> WriteAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = _writer ?? throw new ObjectDisposedException(nameof(SqliteDurableStore));
            using var transaction = connection.BeginTransaction();
            _transaction = transaction;
            var result = work();
            transaction.Commit();
            return result;
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(ex, _options);
        }
        finally
        {
            _transaction = null;
            _writeLock.Release();
        }
    }

    private Task WriteAsync(Action work, CancellationToken cancellationToken) =>
        WriteAsync(() =>
        {
            work();
            return true;
        }, cancellationToken);

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return work(connection);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(ex, _options);
        }
    }

    private SqliteTransaction? _transaction;

    /// <summary>A cached command on the write connection, bound to the current transaction and these parameters.</summary>
    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _writer!.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Transaction = _transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private int Exec(string sql, params (string Name, object? Value)[] parameters) => Command(sql, parameters).ExecuteNonQuery();

    private static SqliteCommand ReadCommand(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTime Ticks(long ticks) => new(ticks, DateTimeKind.Utc);
}

using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite.Storage;

/// <summary>One connection with its prepared commands: statements are compiled once per connection and reused.</summary>
internal sealed class Db : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public Db(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public SqliteTransaction? Transaction { get; set; }

    /// <summary>The cached command for <paramref name="sql"/>, bound to the current transaction and these values.</summary>
    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Transaction = Transaction;
        var bound = command.Parameters;
        if (bound.Count == parameters.Length && Matches(bound, parameters))
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                bound[i].Value = parameters[i].Value ?? DBNull.Value;
            }
        }
        else
        {
            bound.Clear();
            foreach (var (name, value) in parameters)
            {
                bound.AddWithValue(name, value ?? DBNull.Value);
            }
        }

        return command;
    }

    public int Exec(string sql, params (string Name, object? Value)[] parameters) => Command(sql, parameters).ExecuteNonQuery();

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        var value = Command(sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public SqliteDataReader Query(string sql, params (string Name, object? Value)[] parameters) => Command(sql, parameters).ExecuteReader();

    /// <summary>Runs a statement that is not worth caching (schema scripts, pragmas).</summary>
    public void Run(string sql)
    {
        using var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }

    private static bool Matches(SqliteParameterCollection bound, (string Name, object? Value)[] parameters)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!string.Equals(bound[i].ParameterName, parameters[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>The database file cannot be used: it cannot be opened or created, it is read-only, locked by another
/// program beyond the busy timeout, not a SQLite database, corrupt, or has a schema newer than this build. The message
/// names the file and what to do.</summary>
public sealed class SqliteStoreUnavailableException : SqliteOrchestrationServiceException
{
    public SqliteStoreUnavailableException()
    {
    }

    public SqliteStoreUnavailableException(string message)
        : base(message)
    {
    }

    public SqliteStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

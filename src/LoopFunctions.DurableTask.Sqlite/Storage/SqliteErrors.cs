using Microsoft.Data.Sqlite;

namespace LoopFunctions.DurableTask.Sqlite.Storage;

/// <summary>Turns SQLite's result codes into messages a person can act on.</summary>
internal static class SqliteErrors
{
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int IoError = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int CantOpen = 14;
    public const int NotADatabase = 26;

    public static bool IsUnavailable(SqliteException ex) =>
        ex.SqliteErrorCode is Busy or Locked or ReadOnly or IoError or Corrupt or Full or CantOpen or NotADatabase;

    public static Exception Map(SqliteException ex, string path, TimeSpan busyTimeout) => ex.SqliteErrorCode switch
    {
        Busy or Locked => new SqliteStoreUnavailableException(
            $"The database '{path}' is locked by another process or connection (SQLITE_BUSY after waiting {busyTimeout.TotalSeconds:0.#} s). " +
            "Another program may hold a long write transaction on it; the work is retried.", ex),
        ReadOnly => new SqliteStoreUnavailableException(
            $"The database '{path}' is read-only (SQLITE_READONLY): the provider must write the file, its -wal and -shm files and their folder; check permissions and attributes.", ex),
        CantOpen => new SqliteStoreUnavailableException(
            $"The database '{path}' cannot be opened (SQLITE_CANTOPEN): the folder may be missing or not writable, or the path names a folder.", ex),
        NotADatabase => new SqliteStoreUnavailableException(
            $"'{path}' is not a SQLite database (SQLITE_NOTADB). Point the provider at a new file or at a file it created.", ex),
        Corrupt => new SqliteStoreUnavailableException($"The database '{path}' is corrupt (SQLITE_CORRUPT). Restore it from a backup.", ex),
        Full => new SqliteStoreUnavailableException($"The disk holding '{path}' is full (SQLITE_FULL).", ex),
        IoError => new SqliteStoreUnavailableException($"The database '{path}' could not be read or written (SQLITE_IOERR): {ex.Message}", ex),
        _ => ex,
    };
}

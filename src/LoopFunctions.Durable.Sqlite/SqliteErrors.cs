using Microsoft.Data.Sqlite;

namespace LoopFunctions.Durable.Sqlite;

/// <summary>Turns SQLite's result codes into messages a person can act on.</summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int Corrupt = 11;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    public static Exception Map(SqliteException ex, SqliteStoreOptions options) => ex.SqliteErrorCode switch
    {
        Busy or Locked => new StoreUnavailableException(
            $"The store '{options.Path}' is locked by another process or connection (SQLITE_BUSY after waiting {options.BusyTimeout.TotalSeconds:0.#} s). " +
            "Another program may hold a long write transaction on it; the worker retries.", ex),
        ReadOnly => new StoreUnavailableException(
            $"The store '{options.Path}' is read-only (SQLITE_READONLY): check the file's and its folder's permissions and attributes; the store needs to write the file and its -wal and -shm files.", ex),
        CantOpen => new StoreUnavailableException(
            $"The store '{options.Path}' cannot be opened (SQLITE_CANTOPEN): the folder may be missing or not writable.", ex),
        NotADatabase => new StoreUnavailableException(
            $"'{options.Path}' is not a SQLite database (SQLITE_NOTADB). Point the store at a new file or a LoopFunctions store.", ex),
        Corrupt => new StoreUnavailableException(
            $"The store '{options.Path}' is corrupt (SQLITE_CORRUPT). Restore it from a backup.", ex),
        _ => ex,
    };
}

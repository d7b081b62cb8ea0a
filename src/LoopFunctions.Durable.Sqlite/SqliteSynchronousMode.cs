namespace LoopFunctions.Durable.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> settings the store supports; see <see cref="SqliteStoreOptions.Synchronous"/>.</summary>
public enum SqliteSynchronousMode
{
    Normal,
    Full,
}

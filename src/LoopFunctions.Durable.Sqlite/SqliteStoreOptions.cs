namespace LoopFunctions.Durable.Sqlite;

/// <summary>Settings of the embedded SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file; its folder is created if missing. Required.</summary>
    public string Path { get; set; } = "";

    /// <summary>The task hub. Several hubs may share one file. Default "LoopFunctions".</summary>
    public string HubName { get; set; } = "LoopFunctions";

    /// <summary>How long a write waits for another process's transaction before failing with
    /// <see cref="StoreUnavailableException"/>. Default 5 s.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>Normal</c> (default): with WAL, durable against a process crash at any instant; after a power loss or OS crash
    /// the last transactions before it may roll back, and the file is never corrupted.
    /// <c>Full</c>: each commit is fsynced, so it also survives power loss, at several times the cost per commit.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Normal;

    /// <summary>Messages delivered to one episode at most. Default 1,000.</summary>
    public int MaxMessagesPerEpisode { get; set; } = 1000;

    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("SqliteStoreOptions.Path must name the database file.", nameof(Path));
        }

        if (string.IsNullOrWhiteSpace(HubName) || HubName.Length > 45)
        {
            throw new ArgumentException($"SqliteStoreOptions.HubName must have 1 to 45 characters (was '{HubName}').", nameof(HubName));
        }

        if (BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SqliteStoreOptions.BusyTimeout must be more than zero (was {BusyTimeout}).", nameof(BusyTimeout));
        }

        if (MaxMessagesPerEpisode < 1)
        {
            throw new ArgumentException($"SqliteStoreOptions.MaxMessagesPerEpisode must be at least 1 (was {MaxMessagesPerEpisode}).", nameof(MaxMessagesPerEpisode));
        }
    }
}

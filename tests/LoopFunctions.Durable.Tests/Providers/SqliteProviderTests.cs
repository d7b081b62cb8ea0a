using LoopFunctions.Durable.Sqlite;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.Tests.Providers;

/// <summary>The shared provider suite on real SQLite files; "reopen" is a second store object on the same file, as
/// a restarted process would open it.</summary>
public sealed class SqliteProviderTests : DurableProviderTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-sqlite-").FullName;
    private readonly List<SqliteDurableStore> _stores = [];

    protected override IDurableStore CreateStore(TimeProvider? time = null) =>
        Track(new SqliteDurableStore(new SqliteStoreOptions { Path = Path.Combine(_folder, $"store-{_stores.Count}.db") }, time));

    protected override IDurableStore Reopen(IDurableStore store, TimeProvider? time = null) =>
        Track(new SqliteDurableStore(new SqliteStoreOptions { Path = ((SqliteDurableStore)store).Path }, time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteDurableStore Track(SqliteDurableStore store)
    {
        _stores.Add(store);
        return store;
    }
}

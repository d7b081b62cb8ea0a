using LoopFunctions.Durable.InMemory;
using LoopFunctions.Durable.Sqlite;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Benchmarks;

internal static class StoreFactory
{
    public static IDurableStore Create(string provider, string folder) => provider switch
    {
        "sqlite" => new SqliteDurableStore(new SqliteStoreOptions { Path = Path.Combine(folder, "bench.db") }),
        "inmemory" => new InMemoryDurableStore(),
        _ => throw new ArgumentException($"Unknown provider '{provider}'. Use sqlite or inmemory."),
    };
}

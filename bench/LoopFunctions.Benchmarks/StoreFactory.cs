using LoopFunctions.Benchmarks.Azure;
using LoopFunctions.Durable.AzureStorage;
using LoopFunctions.Durable.InMemory;
using LoopFunctions.Durable.Sqlite;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Benchmarks;

internal static class StoreFactory
{
    public static IDurableStore Create(string provider, string folder, string hub) => provider switch
    {
        "sqlite" => new SqliteDurableStore(new SqliteStoreOptions { Path = Path.Combine(folder, "bench.db") }),
        "inmemory" => new InMemoryDurableStore(),
        "azure" => new AzureStorageDurableStore(new AzureStorageOptions { ConnectionString = BenchSettings.AzureConnectionString!, HubName = hub }),
        _ => throw new ArgumentException($"Unknown provider '{provider}'. Use sqlite, inmemory or azure."),
    };
}

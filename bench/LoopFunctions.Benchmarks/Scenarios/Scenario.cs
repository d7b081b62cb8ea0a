using Microsoft.DurableTask;

namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>A benchmark scenario: its tasks (registered by name, so a worker process can register them too) and its
/// run, which prints nothing and returns one result.</summary>
/// <param name="SqliteN">The default size on SQLite (the README's figures).</param>
/// <param name="AzureN">The default size on Azure Storage, where Azurite on this box runs a few hundred work items a
/// second at best.</param>
internal sealed record Scenario(
    string Name,
    int SqliteN,
    int AzureN,
    Action<DurableTaskRegistry> Register,
    Func<BenchOptions, int, Task<BenchResult>> Run);

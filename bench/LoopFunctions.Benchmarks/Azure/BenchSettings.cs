namespace LoopFunctions.Benchmarks.Azure;

/// <summary>Process-wide options of a bench run that the scenarios' shared context reads.</summary>
internal static class BenchSettings
{
    /// <summary>Workers: 1 in-process for sqlite and inmemory; for azure, this many worker processes on one hub.</summary>
    public static int Workers { get; set; } = 1;

    /// <summary>The storage account (or Azurite) for <c>--provider azure</c>.</summary>
    public static string? AzureConnectionString { get; set; }

    /// <summary>Scenarios whose activities and orchestrators a worker process can register by name.</summary>
    public static readonly IReadOnlyDictionary<string, Action<LoopFunctions.Durable.DurableTaskRegistry>> WorkerScenarios =
        new Dictionary<string, Action<LoopFunctions.Durable.DurableTaskRegistry>>(StringComparer.Ordinal)
        {
            ["hello5"] = r => Scenarios.Hello5Scenario.Register(r, null),
            ["fanout"] = Scenarios.FanOutScenario.Register,
        };
}

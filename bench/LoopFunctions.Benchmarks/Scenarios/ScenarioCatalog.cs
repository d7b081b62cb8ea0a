namespace LoopFunctions.Benchmarks.Scenarios;

/// <summary>Every scenario by its command-line name, in the order <c>all</c> runs them.</summary>
internal static class ScenarioCatalog
{
    public static readonly IReadOnlyDictionary<string, Scenario> All = new[]
    {
        SequentialScenario.Definition,
        FanOutScenario.Definition,
        Hello5Scenario.Definition,
        LatencyScenario.Definition,
        IdleScenario.Definition,
        SqliteRawScenario.Definition,
    }.ToDictionary(s => s.Name, StringComparer.Ordinal);
}

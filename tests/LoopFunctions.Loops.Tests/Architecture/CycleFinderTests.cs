namespace LoopFunctions.Loops.Tests.Architecture;

/// <summary>The cycle finder and the graph reader on graphs with known answers, so the layering tests cannot pass by
/// finding nothing.</summary>
public sealed class CycleFinderTests
{
    [Fact]
    public void Cycles_PlantedCycleAmongLayers_ReportsExactlyItsNodes()
    {
        var edges = Graph(("A", "B"), ("B", "C"), ("C", "A"), ("D", "A"), ("C", "E"));

        var cycles = StronglyConnected.Cycles(edges);

        var cycle = Assert.Single(cycles);
        Assert.Equal(["A", "B", "C"], cycle);
    }

    [Fact]
    public void Cycles_LayeredGraph_ReportsNone()
    {
        var edges = Graph(("A", "B"), ("B", "C"), ("A", "C"), ("D", "A"));

        Assert.Empty(StronglyConnected.Cycles(edges));
    }

    [Fact]
    public void Cycles_TwoSeparateCycles_ReportsBoth()
    {
        var edges = Graph(("A", "B"), ("B", "A"), ("C", "D"), ("D", "C"), ("B", "C"));

        Assert.Equal(2, StronglyConnected.Cycles(edges).Count);
    }

    [Fact]
    public void Of_NamespacesPlantedToUseEachOther_FindsTheirCycle()
    {
        var graph = NamespaceGraph.Of(typeof(CycleFinderTests).Assembly, "LoopFunctions.Loops.Tests.Architecture.Planted", 1);

        Assert.Equal(["Lower", "Upper"], graph.Nodes.Order(StringComparer.Ordinal));
        Assert.Equal(["Lower", "Upper"], Assert.Single(graph.Cycles));
    }

    private static Dictionary<string, IReadOnlySet<string>> Graph(params (string From, string To)[] edges) =>
        edges.GroupBy(e => e.From, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(e => e.To).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
}

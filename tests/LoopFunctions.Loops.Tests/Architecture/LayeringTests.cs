using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Loops.Tests.Architecture;

/// <summary>The shape of the two loop assemblies: the core (definitions, plans, step contracts, the orchestrator)
/// carries no cloud SDK and no HTTP, and neither assembly has namespaces that use each other in a cycle.</summary>
public sealed class LayeringTests
{
    private const string Root = "LoopFunctions.Loops";

    private static readonly Assembly Core = typeof(LoopOrchestrator).Assembly;

    private static readonly Assembly Steps = typeof(LoopsBuilderExtensions).Assembly;

    private static readonly string[] Forbidden = ["OpenAI", "Octokit", "Azure.", "System.Net.Http", "System.Net.Sockets"];

    [Fact]
    public void CoreAssembly_ReferencedAssemblies_HaveNoCloudSdkNorNetwork()
    {
        Assert.Equal("LoopFunctions.Loops.Core", Core.GetName().Name);
        var referenced = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Microsoft.DurableTask.Abstractions", referenced);
        Assert.DoesNotContain(referenced, IsForbidden);
    }

    [Fact]
    public void CoreAssembly_TypesUsed_IncludeNoFileSystem()
    {
        // The catalog parses what a reader read (LoopFile); the readers live in the steps and the triggers.
        string[] fileSystem = ["System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo", "System.IO.FileStream", "System.IO.FileSystemWatcher"];

        Assert.Empty(TypesUsed(Core).Intersect(fileSystem));
        Assert.Contains("System.IO.File", TypesUsed(Steps));
    }

    [Fact]
    public void StepsAssembly_ReferencedAssemblies_ShowWhatTheCoreMustNot()
    {
        // The same check on the steps finds the SDKs they use, so an empty answer for the core means something.
        var referenced = Steps.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("LoopFunctions.Loops.Core", referenced);
        Assert.Contains(referenced, a => a.StartsWith("OpenAI", StringComparison.Ordinal));
        Assert.Contains(referenced, a => a.StartsWith("Octokit", StringComparison.Ordinal));
        Assert.Contains(referenced, a => a.StartsWith("Azure.", StringComparison.Ordinal));
    }

    [Fact]
    public void CoreAssembly_Namespaces_FormNoCycle()
    {
        var graph = NamespaceGraph.Of(Core, Root, 1);

        Assert.Equal(
            ["(root)", "Agents", "Budget", "Definitions", "Errors", "Governance", "Orchestration", "Planning", "Plans", "Workspace"],
            graph.Nodes.Order(StringComparer.Ordinal));
        Assert.Subset(graph.Edges["Orchestration"].ToHashSet(), new HashSet<string>(["Definitions", "Plans"]));
        Assert.True(graph.Cycles.Count == 0, Describe(graph));
    }

    [Fact]
    public void StepsAssembly_Namespaces_FormNoCycle()
    {
        var graph = NamespaceGraph.Of(Steps, Root, 1);

        Assert.Equal(
            ["(root)", "Activities", "Agents", "Budget", "Commit", "Deployment", "GitHub", "Guard", "Judge", "Ledger", "Planning",
                "Preparation", "Processes", "Publishing", "PullRequest", "Push", "Review", "Sandbox", "Verification", "Workspace"],
            graph.Nodes.Order(StringComparer.Ordinal));
        Assert.Subset(graph.Edges["Verification"].ToHashSet(), new HashSet<string>(["Activities", "Agents", "Sandbox", "Workspace"]));
        Assert.True(graph.Cycles.Count == 0, Describe(graph));
    }

    [Fact]
    public void StepsAssembly_AgentNamespaces_FormNoCycle()
    {
        var graph = NamespaceGraph.Of(Steps, Root + ".Agents", 1);

        Assert.Equal(
            ["(root)", "Cli", "CodingClis", "Contract", "OpenAi", "Pricing", "Transcripts", "Workspace"],
            graph.Nodes.Order(StringComparer.Ordinal));
        Assert.Contains("Contract", graph.Edges["Cli"]);
        Assert.True(graph.Cycles.Count == 0, Describe(graph));
    }

    /// <summary>Every type the assembly's metadata refers to in another assembly, by full name.</summary>
    private static HashSet<string> TypesUsed(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.TypeReferences.Select(h => reader.GetTypeReference(h)).Select(t => reader.GetString(t.Namespace) + "." + reader.GetString(t.Name)).ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsForbidden(string assembly) =>
        Forbidden.Any(f => assembly.StartsWith(f, StringComparison.Ordinal) && (f.EndsWith('.') || assembly.Length == f.Length || assembly[f.Length] == '.'));

    private static string Describe(NamespaceGraph graph) =>
        $"cycles: {string.Join("; ", graph.Cycles.Select(c => string.Join(" <-> ", c)))}\n{graph}";
}

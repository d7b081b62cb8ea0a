using System.Reflection;
using System.Text.RegularExpressions;

namespace LoopFunctions.Host.Tests.Logging;

/// <summary>docs/logging.md's table of event id ranges against every <c>[LoggerMessage]</c> under src/: the table is
/// read from the doc, so the doc and the code cannot drift apart.</summary>
public sealed partial class EventIdRangeTests
{
    private const string LoggerMessageAttribute = "Microsoft.Extensions.Logging.LoggerMessageAttribute";

    [Fact]
    public void LoggerMessages_EveryAssemblyUnderSrc_IdsUniqueAndInsideTheDocumentedRange()
    {
        var ranges = DocumentedRanges();
        var messages = SourceAssemblies().SelectMany(a => LoggerMessages(a.Name, a.Assembly)).ToList();
        Assert.NotEmpty(messages);

        var problems = new List<string>();
        foreach (var duplicate in messages.GroupBy(m => m.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"event id {duplicate.Key} is used by {string.Join(", ", duplicate.Select(m => m.Where))}");
        }

        foreach (var message in messages)
        {
            if (!ranges.TryGetValue(message.Assembly, out var range))
            {
                problems.Add($"{message.Assembly} logs ({message.Where}) but docs/logging.md has no range for it");
            }
            else if (message.Id < range.First || message.Id > range.Last)
            {
                problems.Add($"{message.Where}: event id {message.Id} is outside {message.Assembly}'s range {range.First}-{range.Last}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void DocumentedRanges_EveryRow_NamesAnAssemblyUnderSrcAndOverlapsNoOther()
    {
        var ranges = DocumentedRanges();
        var projects = SourceProjects().ToHashSet(StringComparer.Ordinal);
        Assert.All(ranges.Keys, name => Assert.Contains(name, projects));
        var ordered = ranges.OrderBy(r => r.Value.First).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].Value.First > ordered[i - 1].Value.Last, $"{ordered[i - 1].Key} and {ordered[i].Key} overlap in docs/logging.md");
        }

        Assert.Equal((5000, 5499), ranges["LoopFunctions.Loops.Core"]);
    }

    private static Dictionary<string, (int First, int Last)> DocumentedRanges()
    {
        var doc = Path.Combine(RepositoryRoot(), "docs", "logging.md");
        var ranges = new Dictionary<string, (int First, int Last)>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(doc))
        {
            if (RangeRow().Match(line) is { Success: true } row)
            {
                ranges.Add(row.Groups["name"].Value, (int.Parse(row.Groups["first"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(row.Groups["last"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        Assert.True(ranges.Count > 0, $"{doc} has no table of event id ranges");
        return ranges;
    }

    /// <summary>Each project folder under src/ and its assembly: from this test's output when it is referenced, else
    /// from the project's own build output (the Functions app and its generator are not referenced here).</summary>
    private static IEnumerable<(string Name, Assembly Assembly)> SourceAssemblies()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        foreach (var name in SourceProjects())
        {
            // A project may name its assembly otherwise (the CLI's is loopfn).
            var project = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", name, name + ".csproj"));
            var file = (AssemblyNameElement().Match(project) is { Success: true } m ? m.Groups[1].Value : name) + ".dll";
            var local = Path.Combine(AppContext.BaseDirectory, file);
            var built = File.Exists(local)
                ? local
                : Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", name, "bin", configuration), file, SearchOption.AllDirectories).FirstOrDefault();
            Assert.True(built is not null, $"{file} not found: build src/{name} ({configuration}) first");
            yield return (name, Assembly.LoadFrom(built));
        }
    }

    private static IEnumerable<string> SourceProjects() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetFileNameWithoutExtension(p)!)
            .Where(n => n.StartsWith("LoopFunctions", StringComparison.Ordinal));

    private static IEnumerable<(string Assembly, int Id, string Where)> LoggerMessages(string name, Assembly assembly)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
        }

        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in types.OfType<Type>())
        {
            foreach (var method in type.GetMethods(all))
            {
                foreach (var attribute in method.GetCustomAttributesData().Where(a => a.AttributeType.FullName == LoggerMessageAttribute))
                {
                    var id = attribute.NamedArguments.Where(a => a.MemberName == "EventId").Select(a => (int?)a.TypedValue.Value).FirstOrDefault()
                        ?? attribute.ConstructorArguments.Where(a => a.ArgumentType == typeof(int)).Select(a => (int?)a.Value).FirstOrDefault();
                    Assert.True(id is not null, $"{type.FullName}.{method.Name}: [LoggerMessage] without an event id");
                    yield return (name, id.Value, $"{type.FullName}.{method.Name}");
                }
            }
        }
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LoopFunctions.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException($"No LoopFunctions.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("<AssemblyName>([^<]+)</AssemblyName>")]
    private static partial Regex AssemblyNameElement();

    [GeneratedRegex(@"^\|\s*`(?<name>LoopFunctions[\w.]*)`\s*\|\s*(?<first>\d+)\s*[–-]\s*(?<last>\d+)\s*\|")]
    private static partial Regex RangeRow();
}

using System.Text;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>Whatever bytes a loop file holds, the parser answers with a definition or with <c>file:line:col: reason</c>
/// errors, never another exception: one bad file must not stop <c>validate</c> or <c>serve</c>.</summary>
public sealed class LoopDefinitionParserRobustnessTests
{
    [Fact]
    public void Parse_UnclosedFlowList_ReportsFileLineAndColumn()
    {
        const string Text = "---\nagent:\n  kind: command\n  command: [bash, x.sh\nverify:\n  - command: [make]\n---\nGoal\n";

        var ex = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/bad.md", Text));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("/loops/bad.md", error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains("'['", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"^/loops/bad\.md:\d+:\d+: invalid YAML", error.ToString());
    }

    [Fact]
    public void Load_FolderWithASyntaxErrorBesideAValidLoop_LoadsTheValidOneAndReportsTheOther()
    {
        var folder = Directory.CreateTempSubdirectory("loopfn-catalog-").FullName;
        try
        {
            File.Copy(Path.Combine(RepoRoot(), "samples", "demo", "fix-calc.md"), Path.Combine(folder, "good.md"));
            File.WriteAllText(Path.Combine(folder, "bad.md"), "---\nagent:\n  kind: command\n  command: [bash, x.sh\n---\nGoal\n");

            var catalog = LoopFileReader.Load(folder);

            Assert.True(catalog.Loops.ContainsKey("good"));
            Assert.Contains(catalog.Errors, e => e.File.EndsWith("bad.md", StringComparison.Ordinal) && e.Line == 4);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static TheoryData<string> Samples() => new(
        Directory.GetFiles(Path.Combine(RepoRoot(), "samples", "demo"), "*.md")
            .Concat(Directory.GetFiles(Path.Combine(RepoRoot(), "loops"), "*.md"))
            .Select(Path.GetFileName)
            .Select(n => n!));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_TruncationsAndByteFlipsOfASample_AlwaysAValidDefinitionOrLocatedErrors(string sample)
    {
        var path = Directory.GetFiles(RepoRoot(), sample, SearchOption.AllDirectories).First(p => p.Contains("/samples/", StringComparison.Ordinal) || p.Contains("/loops/", StringComparison.Ordinal));
        var bytes = File.ReadAllBytes(path);
        var random = new Random(sample.Length * 7919);
        var inputs = new List<byte[]>();
        for (var cut = 0; cut <= bytes.Length; cut += Math.Max(1, bytes.Length / 200))
        {
            inputs.Add(bytes[..cut]);
        }

        byte[] interesting = [(byte)'[', (byte)']', (byte)'{', (byte)'}', (byte)':', (byte)'-', (byte)'"', (byte)'\'', (byte)'\n', (byte)' ', (byte)'\t', (byte)'&', (byte)'*', (byte)'!', (byte)'|', (byte)'>', (byte)'%', (byte)'@', (byte)'`', 0, 0xFF, 0xC3];
        for (var i = 0; i < 600; i++)
        {
            var flipped = (byte[])bytes.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                var at = random.Next(flipped.Length);
                flipped[at] = random.Next(3) == 0 ? (byte)random.Next(256) : interesting[random.Next(interesting.Length)];
            }

            inputs.Add(flipped);
        }

        foreach (var input in inputs)
        {
            var text = Encoding.UTF8.GetString(input);
            try
            {
                LoopDefinitionParser.Parse("/loops/fuzz.md", text);
            }
            catch (LoopDefinitionException ex)
            {
                Assert.NotEmpty(ex.Errors);
                Assert.All(ex.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1 && e.Message.Length > 0, e.ToString()));
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} for input:\n{text}\n{ex}");
            }
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "LoopFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }
}

using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Errors;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary>How LoadPlan finds a run's loop: by name in the host's loop folder; a loop file path (the earlier stored
/// input) only inside that folder.</summary>
public sealed class LoopLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("loopfn-locator-").FullName;
    private readonly string _loops;

    public LoopLocatorTests()
    {
        _loops = Directory.CreateDirectory(Path.Combine(_root, "loops")).FullName;
        File.WriteAllText(Path.Combine(_loops, "fix-tests.md"), PricesParserTests.Loop(""));
        File.WriteAllText(Path.Combine(_loops, "broken.md"), "---\nagent: [\n---\nGoal.\n");
    }

    [Fact]
    public void Find_LoopName_TheFileOfThatNameInTheFolder()
    {
        var definition = LoopLocator.Find(new LoopRunInput("Fix-Tests"), _loops);

        Assert.Equal("fix-tests", definition.Name);
        Assert.Equal(Path.Combine(_loops, "fix-tests.md"), definition.SourcePath);
    }

    [Fact]
    public void Find_UnknownName_RefusedListingTheKnownLoops()
    {
        var error = Assert.Throws<LoopFunctionsException>(() => LoopLocator.Find(new LoopRunInput("nope"), _loops));

        Assert.Contains("No loop named 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fix-tests", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_root, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_InvalidLoopFile_RefusedWithTheParsersReason()
    {
        var error = Assert.Throws<LoopFunctionsException>(() => LoopLocator.Find(new LoopRunInput("broken"), _loops));

        Assert.StartsWith("Loop 'broken' is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_NoLoopNamed_RefusedSayingHowToName()
    {
        var error = Assert.Throws<LoopFunctionsException>(() => LoopLocator.Find(new LoopRunInput { Input = LoopRunInput.Json("{}") }, _loops));

        Assert.Contains("\"loop\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_EarlierInputWithFileInTheFolder_LoadsThatFile()
    {
        var earlier = new LoopRunInput { LegacyLoopName = "fix-tests", LegacyLoopFile = Path.Combine(_loops, "fix-tests.md") };

        Assert.Equal("fix-tests", LoopLocator.Find(earlier, _loops).Name);
    }

    [Fact]
    public void Find_EarlierInputWithFileOutsideTheFolder_Refused()
    {
        var outside = Path.Combine(_root, "fix-tests.md");
        File.Copy(Path.Combine(_loops, "fix-tests.md"), outside);
        var earlier = new LoopRunInput { LegacyLoopName = "fix-tests", LegacyLoopFile = outside };

        var error = Assert.Throws<LoopFunctionsException>(() => LoopLocator.Find(earlier, _loops));
        Assert.Contains("not one in this host's loop folder", error.Message, StringComparison.Ordinal);
        Assert.Throws<LoopFunctionsException>(() => LoopLocator.Find(earlier with { LegacyLoopFile = Path.Combine(_loops, "..", "fix-tests.md") }, _loops));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

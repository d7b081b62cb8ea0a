using LoopFunctions.Loops.Guard;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Workspace;

public sealed class SymlinkGuardTests
{
    [Fact]
    public void Violations_BaseLinksUntouched_NotJudged()
    {
        var links = new Dictionary<string, string> { ["vendor/shared"] = "../../shared" };

        Assert.Empty(SymlinkGuard.Violations(links, new HashSet<string> { "src/app.txt" }));
    }

    [Fact]
    public void Violations_UnchangedLinkEscapingThroughAChangedOne_Judged()
    {
        var links = new Dictionary<string, string> { ["docs"] = "d/../x", ["d"] = "." };

        var violations = SymlinkGuard.Violations(links, new HashSet<string> { "d" });

        Assert.Contains(violations, v => v.StartsWith("docs: a symbolic link to 'd/../x', outside the repository", StringComparison.Ordinal));
    }

    [Fact]
    public void Violations_LoopOfLinks_Refused()
    {
        var links = new Dictionary<string, string> { ["a"] = "b/x", ["b"] = "a/y" };

        var violations = SymlinkGuard.Violations(links, new HashSet<string> { "a", "b" });

        Assert.Contains(violations, v => v.Contains("in a loop of links", StringComparison.Ordinal));
    }

    [Fact]
    public void Violations_RelativeLinkInside_Allowed()
    {
        var links = new Dictionary<string, string> { ["src/readme"] = "../README.md", ["docs/latest"] = "v2/" };

        Assert.Empty(SymlinkGuard.Violations(links, new HashSet<string> { "src/readme", "docs/latest" }));
    }
}

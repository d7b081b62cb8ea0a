using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Planning;

namespace LoopFunctions.Loops.Tests.Definitions;

/// <summary><c>outputs.publish</c> in loop files: defaults, the rendered prefix, and each bad key at its line.</summary>
public sealed class PublishParserTests
{
    private const string Head = "---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\noutputs:\n  publish:\n";

    [Fact]
    public void Parse_PublishWithOnlyFolderAndContainer_Defaults()
    {
        var loop = LoopDefinitionParser.Parse("/loops/report.md", Head + "    folder: ./site/\n    container: reports\n---\nGoal");

        var publish = loop.Outputs.Publish!;
        Assert.Equal(("site", "reports", "private", TimeSpan.FromDays(7), "{loop}/{instance}"), (publish.Folder, publish.Container, EnumText.Of(publish.Visibility), publish.LinkExpiry, publish.Prefix));
    }

    [Fact]
    public void Plan_PrefixTemplate_RenderedForTheRun()
    {
        var loop = LoopDefinitionParser.Parse("/loops/report.md", Head + "    folder: out/site\n    container: my-reports\n    visibility: public\n    link_expiry: 30d\n    prefix: \"nightly/{loop}/{date}/{instance}\"\n---\nGoal");

        var plan = LoopPlanner.Plan(loop, new LoopRunRequest("report", "/loops/report.md", "/repo"), "run 7", "/work", new LoopFunctions.Loops.Agents.Pricing.PriceTable(), new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(("out/site", "public", TimeSpan.FromDays(30), "nightly/report/20260501/run-7"), (plan.Outputs.Publish!.Folder, EnumText.Of(plan.Outputs.Publish.Visibility), plan.Outputs.Publish.LinkExpiry, plan.Outputs.Publish.Prefix));
    }

    [Fact]
    public void Parse_NoPublish_Null() =>
        Assert.Null(LoopDefinitionParser.Parse("/loops/x.md", "---\nagent:\n  kind: command\n  command: [x]\nverify:\n  - command: [m]\n---\nGoal").Outputs.Publish);

    [Theory]
    [InlineData("    folder: /etc\n    container: reports\n", 9, "'outputs.publish.folder' must be a relative path inside the workspace, not '/etc'")]
    [InlineData("    folder: site/../../x\n    container: reports\n", 9, "'outputs.publish.folder' must stay inside the workspace (no '..')")]
    [InlineData("    container: reports\n", 9, "'outputs.publish.folder' is required")]
    [InlineData("    folder: site\n    container: Reports_1\n", 10, "'outputs.publish.container' must be a blob container name")]
    [InlineData("    folder: site\n    container: ab\n", 10, "'outputs.publish.container' must be a blob container name")]
    [InlineData("    folder: site\n    container: a--b\n", 10, "'outputs.publish.container' must be a blob container name")]
    [InlineData("    folder: site\n    container: reports\n    visibility: secret\n", 11, "'outputs.publish.visibility' must be private or public, not 'secret'")]
    [InlineData("    folder: site\n    container: reports\n    link_expiry: 400d\n", 11, "'outputs.publish.link_expiry' must be at most 365d, not '400d'")]
    [InlineData("    folder: site\n    container: reports\n    link_expiry: soon\n", 11, "'outputs.publish.link_expiry' must be a duration")]
    [InlineData("    folder: site\n    container: reports\n    prefix: \"{loop}/{branch}\"\n", 11, "unknown placeholder '{branch}'")]
    [InlineData("    folder: site\n    container: reports\n    prefix: \"/\"\n", 11, "must name a folder")]
    [InlineData("    folder: site\n    container: reports\n    visibilty: public\n", 11, "unknown key 'outputs.publish.visibilty'; did you mean 'visibility'?")]
    public void Parse_BadPublishKey_ErrorAtItsLine(string keys, int line, string expected)
    {
        var ex = Assert.Throws<LoopDefinitionException>(() => LoopDefinitionParser.Parse("/loops/x.md", Head + keys + "---\nGoal"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

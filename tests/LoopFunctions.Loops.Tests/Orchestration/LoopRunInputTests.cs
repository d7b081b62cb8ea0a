using System.Text.Json;
using LoopFunctions.Loops.Definitions;
using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>The input a loop run stores: today's shape written, the earlier shape still read.</summary>
public sealed class LoopRunInputTests
{
    [Fact]
    public void Serialize_NewRun_LoopNameCallerInputAsJsonAndTriggerOnly()
    {
        var input = new LoopRunInput("fix-tests", LoopRunInput.Json("""{"ticket": 7}"""), new LoopTrigger("github:pull_request", "12", "acme/calc"));

        var json = JsonSerializer.Serialize(input, LoopSerialization.Options);

        Assert.Equal("""{"loop":"fix-tests","input":{"ticket":7},"trigger":{"kind":"github:pull_request","pullRequest":"12","gitHubRepository":"acme/calc"}}""", json);
    }

    [Fact]
    public void Serialize_ReadInput_WritesTheExactJsonBack()
    {
        const string Stored = """{ "loop": "fix-tests",  "input": [1, 2], "extra": true }""";

        var input = JsonSerializer.Deserialize<LoopRunInput>(Stored, LoopSerialization.Options)!;

        Assert.Equal(Stored, JsonSerializer.Serialize(input, LoopSerialization.Options));
        Assert.Equal("fix-tests", input.LoopName);
        Assert.Equal("[1, 2]", input.InputText);
    }

    [Fact]
    public void Deserialize_EarlierRunRequest_ReadsEveryFactAndShowsTodaysShapeWithoutThePath()
    {
        var earlier = new LoopRunRequest("fix-tests", "/srv/loops/fix-tests.md", "https://github.com/acme/calc.git", "github:pull_request",
            new Dictionary<string, string> { ["title"] = "Fix it" }, """{"ticket":7}""", "12", "acme/calc");
        var stored = JsonSerializer.Serialize(earlier, LoopSerialization.Options);

        var input = JsonSerializer.Deserialize<LoopRunInput>(stored, LoopSerialization.Options)!;

        Assert.True(input.IsLegacy);
        Assert.Equal("fix-tests", input.LoopName);
        Assert.Equal("/srv/loops/fix-tests.md", input.LegacyLoopFile);
        Assert.Equal("""{"ticket":7}""", input.InputText);
        Assert.Equal(("github:pull_request", "12", "acme/calc", "Fix it"), (input.TriggeredBy, input.PullRequest, input.GitHubRepository, input.UntrustedContext!["title"]));
        Assert.Equal(stored, JsonSerializer.Serialize(input, LoopSerialization.Options));
        var shown = JsonSerializer.Serialize(input.Current(), LoopSerialization.Options);
        Assert.Equal("""{"loop":"fix-tests","input":{"ticket":7},"repository":"https://github.com/acme/calc.git","trigger":{"kind":"github:pull_request","pullRequest":"12","gitHubRepository":"acme/calc","untrustedContext":{"title":"Fix it"}}}""", shown);
    }

    [Fact]
    public void ToRequest_NewRun_ThePlannersRequestWithTheResolvedFile()
    {
        var definition = LoopDefinitionParser.Parse("/loops/fix-tests.md", Definitions.PricesParserTests.Loop(""));
        var input = new LoopRunInput("fix-tests", LoopRunInput.Json("not json"), null, "/src/calc");

        var request = input.ToRequest(definition);

        Assert.Equal(new LoopRunRequest("fix-tests", "/loops/fix-tests.md", "/src/calc", "api", null, "\"not json\""), request);
    }
}

using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Review;
using LoopFunctions.Loops.Tests.Agents;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Tests.Workspace;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Review;

/// <summary>The review of a pull request's diff by a model (the OpenAI-compatible stub over real HTTP) or a command
/// (a real child process), and the recheck of its findings at the end of the run.</summary>
public sealed class ReviewStepTests : IAsyncLifetime
{
    private const string KeySetting = "LOOPFN_TEST_REVIEW_KEY";
    private readonly GitSandbox _git = new();
    private WorkspaceInfo _workspace = null!;
    private string _head = "";

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(KeySetting, "sk-review");
        await _git.InitializeAsync();
        _workspace = await _git.PrepareAsync();
        GitSandbox.Write(new RunFolder(_workspace.Path).Tree, "src/app.txt", "one\nTWO\nthree\n");
        _head = (await GitSandbox.CommitTreeAsync(_workspace, "the pull request's change", "pr/1"))!;
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task RunAsync_ModelReviewer_FindingsFromItsJsonAndTheDiffQuotedAsData()
    {
        await using var server = await StubChatServer.StartAsync(StubReply.Final("""{"findings": [{"severity": "high", "path": "src/app.txt", "line": 2, "text": "TWO breaks the parser"}, {"severity": "nit", "path": null, "line": null, "text": "no test"}]}""", 900, 60));

        var outcome = await ReviewStep.RunAsync(Input(Llm(server)), CancellationToken.None);

        Assert.Equal([new ReviewFinding(1, "high", "src/app.txt", 2, "TWO breaks the parser"), new ReviewFinding(2, "low", null, null, "no test")], outcome.Findings);
        Assert.Equal("review: 2 finding(s), 1 high", outcome.Summary);
        Assert.Equal(new LoopFunctions.Loops.Orchestration.TokenSpend(900, 60, ((900 * 2m) + (60 * 8m)) / 1_000_000m), outcome.Spend);
        var sent = server.Requests.Single().Messages[1].GetProperty("content").GetString()!;
        Assert.Contains("Data from 'pull request diff'", sent, StringComparison.Ordinal);
        Assert.Contains("+TWO", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ModelRecheck_FixedNumbersFromTheLoopsOwnChange()
    {
        await using var server = await StubChatServer.StartAsync(StubReply.Final("""{"fixed": [2, 9]}""", 300, 10));
        GitSandbox.Write(new RunFolder(_workspace.Path).Tree, "src/app.txt", "one\ntwo\nthree\n");
        var final = (await GitSandbox.CommitTreeAsync(_workspace, "the loop's fix", "loop/1"))!;
        ReviewFinding[] findings = [new(1, "high", "src/app.txt", 2, "TWO breaks the parser"), new(2, "medium", null, null, "no test")];

        var outcome = await ReviewStep.RunAsync(Input(Llm(server)) with { To = final, Findings = findings, LoopStart = _head }, CancellationToken.None);

        Assert.Equal([2], outcome.Fixed);
        Assert.Equal([findings[0]], outcome.Findings);
        var sent = server.Requests.Single().Messages[1].GetProperty("content").GetString()!;
        Assert.Contains("-TWO\n+two", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ModelAnswersProse_FailsNamingTheAnswer()
    {
        await using var server = await StubChatServer.StartAsync(StubReply.Final("Looks fine to me!", 10, 5));

        var error = await Assert.ThrowsAsync<LoopFunctions.Loops.Agents.AgentException>(() => ReviewStep.RunAsync(Input(Llm(server)), CancellationToken.None));

        Assert.Contains("Looks fine to me!", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CommandReviewer_ReadsTheDiffFileAndKeepsMaxFindings()
    {
        var script = Scripts.Write(Path.Combine(_git.Root, "review.sh"), """
            grep -q '^+TWO' "$1" || exit 3
            echo "src/app.txt:2: TWO is upper case"
            echo "src/app.txt:3: three needs a test"
            echo "- README.md says nothing"
            exit 1
            """);

        var outcome = await ReviewStep.RunAsync(Input(Command(script, max: 2)), CancellationToken.None);

        Assert.Equal([new ReviewFinding(1, "medium", "src/app.txt", 2, "TWO is upper case"), new ReviewFinding(2, "medium", "src/app.txt", 3, "three needs a test")], outcome.Findings);
        Assert.Equal(1, outcome.Omitted);
        Assert.Equal("review: 3 finding(s)", outcome.Summary);
    }

    [Fact]
    public async Task RunAsync_CommandRecheck_AFindingItNoLongerReportsIsFixed()
    {
        var script = Scripts.Write(Path.Combine(_git.Root, "review.sh"), """
            grep -q TWO src/app.txt && echo '{"findings": [{"path": "src/app.txt", "line": 2, "text": "TWO is upper case"}]}' && exit 0
            echo '{"findings": [{"path": "src/app.txt", "line": 9, "text": "three needs a test"}]}'
            """);
        var first = await ReviewStep.RunAsync(Input(Command(script)), CancellationToken.None);
        GitSandbox.Write(new RunFolder(_workspace.Path).Tree, "src/app.txt", "one\ntwo\nthree\n");
        var final = (await GitSandbox.CommitTreeAsync(_workspace, "the loop's fix", "loop/1"))!;
        var findings = first.Findings.Append(new ReviewFinding(2, "medium", "src/app.txt", 3, "three needs a test")).ToList();

        var outcome = await ReviewStep.RunAsync(Input(Command(script)) with { To = final, Findings = findings, LoopStart = _head }, CancellationToken.None);

        Assert.Equal([1], outcome.Fixed);
        Assert.Equal("recheck: 1 of 2 finding(s) fixed, 1 left", outcome.Summary);
    }

    [Fact]
    public void Parse_JsonInAFence_ReadAsJson()
    {
        var (findings, omitted) = FindingsParser.Parse("```json\n{\"findings\": [{\"severity\": \"critical\", \"message\": \"SQL injection\"}]}\n```", 5);

        Assert.Equal((new ReviewFinding(1, "high", null, null, "SQL injection"), 0), (Assert.Single(findings), omitted));
    }

    private ReviewInput Input(ReviewPlan plan) => new(_workspace, plan, "Review the pull request.", _workspace.BaseCommit, _head);

    private static ReviewPlan Llm(StubChatServer server) =>
        new(ReviewKind.Llm, null, "gpt-4.1", server.OpenAiEndpoint.ToString(), false, KeySetting, "correctness", 20, TimeSpan.FromMinutes(1), [], 2m, 8m);

    private static ReviewPlan Command(string script, int max = 20) =>
        new(ReviewKind.Command, [script, "{diff_file}", "{base}", "{head}"], null, null, false, null, null, max, TimeSpan.FromMinutes(1), []);
}

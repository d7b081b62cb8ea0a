using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Orchestration.Steps;
using LoopFunctions.Loops.Tests.GitHub;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Tests.Workspace;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// A pull-request loop from start to end with its real activities: a bare repository as the remote, the GitHub API
/// stand-in over real HTTP recording the review comment and the status, a command reviewer and a command agent (real
/// child processes), CI results raised as the webhook would, and a person pushing to the branch while the loop works.
/// </summary>
public sealed class PullRequestLoopFlowTests : IAsyncLifetime
{
    private const string TokenSetting = "LOOPFN_TEST_FLOW_GITHUB_TOKEN";
    private const string Token = "ghp_flow_secret_token";
    private readonly GitSandbox _git = new();
    private GitHubStandIn _github = null!;
    private string _loops = "";
    private string _head = "";

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(TokenSetting, Token);
        await _git.InitializeAsync();
        _github = await GitHubStandIn.StartAsync();
        await PersonPushesAsync("main", ("check.sh", "grep -q fixed src/app.txt\n"));
        _head = await PersonPushesAsync("feature", ("src/feature.txt", "a feature\n"));
        _github.AddPullRequest("acme/calc", 12, "feature", _head, "main", await GitSandbox.HeadAsync(_git.Remote, "refs/heads/main"), _git.Remote);
        _loops = Directory.CreateDirectory(Path.Combine(_git.Root, "loops")).FullName;
        Scripts.Write(Path.Combine(_loops, "agent.sh"), """
            cp "$1" "$HOME/prompt-$2.md"
            env > "$HOME/env-$2.txt"
            if [ "$2" = 1 ]; then echo fixed >> src/app.txt; else echo ci-fixed >> src/app.txt; fi
            echo '{"result": "edited src/app.txt", "usage": {"input_tokens": 100, "output_tokens": 10}, "cost_usd": 0.01}'
            """);
        Scripts.Write(Path.Combine(_loops, "review.sh"), "test -s \"$1\" || exit 3\ngrep -q fixed src/app.txt || echo 'src/app.txt:2: two should say fixed'\n");
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(TokenSetting, null);
        await _github.DisposeAsync();
        await _git.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_PersonPushesWhileTheLoopWorksAndCiFailsOnce_ReplaysVerifiesPushesAndReportsGreen()
    {
        using var context = Context();
        var personPushed = "";
        context.BeforeActivity = async (name, _) =>
        {
            if (name == LoopActivityNames.PushToPullRequest && personPushed.Length == 0)
            {
                personPushed = await PersonPushesAsync("feature", ("docs/notes.md", "a person's note\n"));
                _github.MoveHead(12, personPushed);
            }
        };
        var ciResults = new Queue<bool>([false, true]);
        context.OnWait = name =>
        {
            if (name == LoopActivityNames.CiEvent)
            {
                var sha = context.Statuses[^1].AwaitingCommit!;
                _github.SetCheckRuns(sha, ("unit tests", "failure", "1 test failed", "CalcTests.Add: expected ci-fixed"), ("lint", "success", "", ""));
                context.Raise(name, new CiResult(ciResults.Dequeue(), "CI: done", "https://ci.example/run", sha));
            }
        };

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.Verified, result.Outcome);
        var tip = await GitSandbox.HeadAsync(_git.Remote, "refs/heads/feature");
        Assert.Equal(result.FinalCommit, tip);
        // Never forced: the person's commit is in the branch, under the loop's work.
        Assert.Equal(0, (await Git.TryRunAsync(_git.Remote, CancellationToken.None, "merge-base", "--is-ancestor", personPushed, tip)).ExitCode);
        Assert.Equal("one\ntwo\nthree\nfixed\nci-fixed\n", await Git.RunAsync(_git.Remote, CancellationToken.None, "show", tip + ":src/app.txt"));
        Assert.Equal("a person's note\n", await Git.RunAsync(_git.Remote, CancellationToken.None, "show", tip + ":docs/notes.md"));
        Assert.Contains(LoopActivityNames.RebaseOntoHead, context.Calls);

        var prompts = new RunFolder(Path.Combine(_git.WorkRoot, InstanceKey.For("pr-fix-pr-acme-calc-12"))).Home;
        Assert.Contains("two should say fixed", await File.ReadAllTextAsync(Path.Combine(prompts, "prompt-1.md")), StringComparison.Ordinal);
        Assert.Contains("CalcTests.Add: expected ci-fixed", await File.ReadAllTextAsync(Path.Combine(prompts, "prompt-2.md")), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, await File.ReadAllTextAsync(Path.Combine(prompts, "env-1.txt")), StringComparison.Ordinal);

        var review = Assert.Single(_github.Reviews(12));
        var body = (string)review["body"]!;
        Assert.Contains("- [x] 1. [medium] src/app.txt:2: two should say fixed (fixed)", body, StringComparison.Ordinal);
        Assert.Contains("**Review:** 1 finding(s); 1 fixed, 0 left", body, StringComparison.Ordinal);
        Assert.Contains("CI passed", body, StringComparison.Ordinal);
        Assert.Contains("**Spend:** 220 tokens, $0.02", body, StringComparison.Ordinal);
        Assert.Equal(tip, (string)review["commit_id"]!);
        var status = Assert.Single(_github.Bodies("POST", $"/statuses/{tip}"));
        Assert.Equal(("success", "loopfunctions/pr-fix"), (status.GetProperty("state").GetString(), status.GetProperty("context").GetString()));
        Assert.All(_github.Calls, c => Assert.Equal("Token " + Token, c.Authorization));
        Assert.Equal([1], result.PullRequest!.Fixed);
    }

    [Fact]
    public async Task RunAsync_PersonPushesAConflictingChange_HandsOffToAFollowUpBranchAndLeavesTheirs()
    {
        using var context = Context(ci: false);
        var personPushed = "";
        context.BeforeActivity = async (name, _) =>
        {
            if (name == LoopActivityNames.PushToPullRequest && personPushed.Length == 0)
            {
                personPushed = await PersonPushesAsync("feature", ("src/app.txt", "one\ntwo\nthree\nthe person's own fix\n"));
            }
        };

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.HandedOff, result.Outcome);
        Assert.Equal(personPushed, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/feature"));
        var branch = result.FollowUpBranch!["base/".Length..];
        Assert.StartsWith("loop/pr-fix/pr-fix-pr-acme-calc-12-", branch, StringComparison.Ordinal);
        Assert.Equal("one\ntwo\nthree\nfixed\n", await Git.RunAsync(_git.Remote, CancellationToken.None, "show", $"refs/heads/{branch}:src/app.txt"));
        var body = (string)Assert.Single(_github.Reviews(12))["body"]!;
        Assert.Contains($"The verified work is on the branch `base/{branch}`", body, StringComparison.Ordinal);
        Assert.Contains("src/app.txt: changed by the loop and by the new head", body, StringComparison.Ordinal);
        Assert.Equal("failure", _github.Bodies("POST", "/statuses/" + _head).Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task RunAsync_ForkThatDoesNotAllowMaintainers_NeverPushesToTheFork()
    {
        _github.AddPullRequest("acme/calc", 12, "feature", _head, "main", _git.SeedCommit, _git.Remote, headRepository: "mallory/calc", headCloneUrl: _git.Remote);
        using var context = Context(ci: false);

        var result = await context.RunAsync(Request());

        Assert.Equal(LoopOutcome.HandedOff, result.Outcome);
        Assert.DoesNotContain(LoopActivityNames.PushToPullRequest, context.Calls);
        Assert.Equal(_head, await GitSandbox.HeadAsync(_git.Remote, "refs/heads/feature"));
        Assert.Contains("does not allow maintainers to push", result.Reason, StringComparison.Ordinal);
    }

    private InlineOrchestrationContext Context(bool ci = true)
    {
        var file = Path.Combine(_loops, "pr-fix.md");
        File.WriteAllText(file, $"""
            ---
            on:
              github:
                pull_request: [opened, synchronize]
            workspace:
              repository: {_git.Remote}
              branch: head
            agent:
              kind: command
              command: [sh, "{"{loop_dir}"}/agent.sh", "{"{prompt_file}"}", "{"{iteration}"}"]
              sandbox: none
            review:
              command: [sh, "{"{loop_dir}"}/review.sh", "{"{diff_file}"}"]
            verify:
              - name: check
                command: [sh, check.sh]
            {(ci ? "ci:\n  wait: 10m" : "")}
            limits:
              max_iterations: 4
            ---
            Fix what the review of the pull request finds.
            """);
        return new InlineOrchestrationContext("pr-fix-pr-acme-calc-12", o =>
        {
            o.WorkRoot = _git.WorkRoot;
            o.GitHubApiUrl = _github.BaseUri;
            o.GitHubTokenSetting = TokenSetting;
        });
    }

    private LoopRunRequest Request() => new("pr-fix", Path.Combine(_loops, "pr-fix.md"), TriggeredBy: "github:pull_request", PullRequest: "12", GitHubRepository: "acme/calc");

    private async Task<string> PersonPushesAsync(string branch, (string Path, string Content) file)
    {
        var clone = Path.Combine(_git.Root, "person-" + Guid.NewGuid().ToString("N"));
        await Git.RunAsync(_git.Root, CancellationToken.None, "clone", "--quiet", _git.Remote, clone);
        var exists = (await Git.TryRunAsync(clone, CancellationToken.None, "rev-parse", "--verify", "origin/" + branch)).ExitCode == 0;
        await Git.RunAsync(clone, CancellationToken.None, "checkout", "--quiet", "-B", branch, "origin/" + (exists ? branch : "main"));
        GitSandbox.Write(clone, file.Path, file.Content);
        await Git.RunAsync(clone, CancellationToken.None, "add", "--all");
        await Git.RunAsync(clone, CancellationToken.None, "commit", "--quiet", "-m", "a person's commit");
        await Git.RunAsync(clone, CancellationToken.None, "push", "--quiet", "origin", "HEAD:refs/heads/" + branch);
        return await GitSandbox.HeadAsync(clone);
    }
}

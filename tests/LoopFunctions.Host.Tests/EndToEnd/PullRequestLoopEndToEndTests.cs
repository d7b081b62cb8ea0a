using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using LoopFunctions.Loops.Tests.GitHub;
using LoopFunctions.Loops.Workspace;
using LoopFunctions.Triggers.Webhooks;

namespace LoopFunctions.Host.Tests.EndToEnd;

/// <summary>
/// A pull-request loop through the real host and engine: signed GitHub deliveries over HTTP start it and bring its CI
/// results, a bare repository is the remote, the GitHub API stand-in over HTTP records the review comment and the
/// status, and a person pushes to the pull request's branch while the agent works.
/// </summary>
public sealed class PullRequestLoopEndToEndTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-pr-loops";
    private const string Token = "ghp_e2e_secret_token_0123456789";
    private const string Id = "prfix-pr-octo-calc-7";
    private HostSandbox _sandbox = null!;
    private GitHubStandIn _github = null!;
    private string _remote = "";
    private string _gates = "";
    private string _head = "";
    private int _delivery;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _github = await GitHubStandIn.StartAsync();
        _remote = Path.Combine(_sandbox.Root, "remote.git");
        _gates = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "gates")).FullName;
        await Git.RunAsync(_sandbox.Root, CancellationToken.None, "clone", "--quiet", "--bare", _sandbox.Repository, _remote);
        _head = await PersonPushesAsync("feature", "docs/feature.md", "the feature\n", from: "main");
        _github.AddPullRequest("octo/calc", 7, "feature", _head, "main", (await Git.RunAsync(_remote, CancellationToken.None, "rev-parse", "main")).Trim(), _remote);
        var agent = Path.Combine(_sandbox.Root, "pr-agent.sh");
        await File.WriteAllTextAsync(agent, $$"""
            #!/usr/bin/env bash
            set -euo pipefail
            cd "$1"
            cp "$3" "{{_gates}}/prompt-$2.md"
            if [ "$2" = 1 ]; then
              touch "{{_gates}}/started"
              for _ in $(seq 1 1200); do [ -f "{{_gates}}/go" ] && break; sleep 0.05; done
              sed -i '4s/-/+/' src/calc.sh
            else
              echo '# checked by the loop' >> src/calc.sh
            fi
            echo '{"summary": "fixed add", "usage": {"input_tokens": 1000, "output_tokens": 100}, "cost_usd": 0.01}'
            """);
        var review = Path.Combine(_sandbox.Root, "review.sh");
        await File.WriteAllTextAsync(review, "#!/usr/bin/env bash\nsed -n 4p src/calc.sh | grep -q -- '- \\$2' && echo 'src/calc.sh:4: add subtracts instead of adding'\nexit 0\n");
        _sandbox.WriteLoop("prfix", $"""
            ---
            on:
              github:
                pull_request: [opened, synchronize]
            workspace:
              repository: {_remote}
              branch: head
            agent:
              kind: command
              command: [bash, "{agent}", "{"{workspace}"}", "{"{iteration}"}", "{"{prompt_file}"}"]
              sandbox: none
              timeout: 2m
            review:
              command: [bash, "{review}", "{"{diff_file}"}"]
            verify:
              - name: tests
                command: [bash, tests/test_calc.sh]
                timeout: 1m
            ci:
              wait: 10m
            limits:
              max_iterations: 4
            governance:
              protect_paths: [tests/**]
            ---
            Fix what the review of the pull request finds.
            """);
        await _sandbox.StartHostAsync(new Dictionary<string, string?>
        {
            ["LoopFunctions:GitHub:WebhookSecret"] = Secret,
            ["LoopFunctions:GitHub:Token"] = Token,
            ["LoopFunctions:GitHub:ApiUrl"] = _github.BaseUri.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task PullRequest_PersonPushesMeanwhileAndCiFailsOnce_FixesOnTheBranchUntilGreenAndReports()
    {
        var (opened, started) = await DeliverAsync("pull_request", PullRequest("opened", _head));
        Assert.Equal(HttpStatusCode.Accepted, opened);
        Assert.Equal(Id, started!["started"]![0]!.ToString());

        // While the agent works, a person pushes to the pull request's branch (and GitHub says so).
        await UntilAsync(() => File.Exists(Path.Combine(_gates, "started")), "the agent to start");
        var theirs = await PersonPushesAsync("feature", "docs/notes.md", "a person's note\n");
        _github.MoveHead(7, theirs);
        var (_, raised) = await DeliverAsync("pull_request", PullRequest("synchronize", theirs));
        Assert.Equal($"{Id}: push", raised!["raised"]![0]!.ToString());
        await File.WriteAllTextAsync(Path.Combine(_gates, "go"), "");

        // The loop replays its fix on the person's commit, verifies it again, pushes, and waits for CI on that commit.
        var waiting = await _sandbox.WaitForPhaseAsync(Id, "AwaitingCi");
        var first = waiting["customStatus"]!["awaitingCommit"]!.ToString();
        Assert.Equal(first, await RemoteHeadAsync());
        Assert.True(await IsAncestorAsync(theirs, first), "the person's commit must stay under the loop's");
        var (_, own) = await DeliverAsync("pull_request", PullRequest("synchronize", first));
        Assert.Contains("pushed by " + Id + " itself", own!["ignored"]![0]!.ToString(), StringComparison.Ordinal);

        // CI fails on it: the failing job goes back to the agent; the next commit is pushed and passes.
        _github.SetCheckRuns(first, ("unit tests", "failure", "1 test failed", "calc: add 10 -4 expected 6"));
        var (_, ci) = await DeliverAsync("check_suite", CheckSuite(first, "failure"));
        Assert.Equal($"{Id}: ci (CI: failure)", ci!["raised"]![0]!.ToString());
        var again = await _sandbox.WaitForAsync(Id, s => s["customStatus"]?["phase"]?.ToString() == "AwaitingCi" && s["customStatus"]?["awaitingCommit"]?.ToString() != first);
        var second = again["customStatus"]!["awaitingCommit"]!.ToString();
        await DeliverAsync("check_suite", CheckSuite(second, "success"));

        var done = await _sandbox.WaitForEndAsync(Id);
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.Equal(second, await RemoteHeadAsync());
        Assert.True(await IsAncestorAsync(theirs, second));
        Assert.Contains("calc: add 10 -4 expected 6", await File.ReadAllTextAsync(Path.Combine(_gates, "prompt-2.md")), StringComparison.Ordinal);
        Assert.Contains("add subtracts instead of adding", await File.ReadAllTextAsync(Path.Combine(_gates, "prompt-1.md")), StringComparison.Ordinal);

        var body = (string)Assert.Single(_github.Reviews(7))["body"]!;
        Assert.Contains("- [x] 1. [medium] src/calc.sh:4: add subtracts instead of adding (fixed)", body, StringComparison.Ordinal);
        Assert.Contains("CI passed", body, StringComparison.Ordinal);
        var status = Assert.Single(_github.Bodies("POST", "/statuses/" + second));
        Assert.Equal("success", status.GetProperty("state").GetString());
        Assert.All(_github.Calls, c => Assert.Equal("Token " + Token, c.Authorization));

        // The token is in no input, status, output or history of the run.
        var (_, everything) = await _sandbox.GetStatusAsync(Id, "?showHistory=true&showHistoryOutput=true&showInput=true");
        Assert.DoesNotContain(Token, everything!.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> DeliverAsync(string eventName, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", "pr-e2e-" + Interlocked.Increment(ref _delivery));
        request.Headers.Add(GitHubWebhook.SignatureHeader, WebhookSignature.Sign(Secret, Encoding.UTF8.GetBytes(body)));
        using var response = await _sandbox.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static string PullRequest(string action, string sha) => JsonSerializer.Serialize(new
    {
        action,
        number = 7,
        pull_request = new { number = 7, title = "Add docs", body = "Adds the feature's docs.", author_association = "MEMBER", head = new { @ref = "feature", sha }, @base = new { @ref = "main" } },
        repository = new { full_name = "octo/calc" },
    });

    private static string CheckSuite(string sha, string conclusion) => JsonSerializer.Serialize(new
    {
        action = "completed",
        check_suite = new { head_branch = "feature", head_sha = sha, conclusion, app = new { name = "CI" } },
        repository = new { full_name = "octo/calc" },
    });

    private async Task<string> RemoteHeadAsync() => (await Git.RunAsync(_remote, CancellationToken.None, "rev-parse", "refs/heads/feature")).Trim();

    private async Task<bool> IsAncestorAsync(string ancestor, string commit) =>
        (await Git.TryRunAsync(_remote, CancellationToken.None, "merge-base", "--is-ancestor", ancestor, commit)).ExitCode == 0;

    private async Task<string> PersonPushesAsync(string branch, string path, string content, string? from = null)
    {
        var clone = Path.Combine(_sandbox.Root, "person-" + Guid.NewGuid().ToString("N"));
        await Git.RunAsync(_sandbox.Root, CancellationToken.None, "clone", "--quiet", _remote, clone);
        await Git.RunAsync(clone, CancellationToken.None, "checkout", "--quiet", "-B", branch, "origin/" + (from ?? branch));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(clone, path))!);
        await File.WriteAllTextAsync(Path.Combine(clone, path), content);
        await Git.RunAsync(clone, CancellationToken.None, "add", "--all");
        await Git.RunAsync(clone, CancellationToken.None, "-c", "user.name=Ana", "-c", "user.email=ana@example.com", "commit", "--quiet", "-m", "a person's commit");
        await Git.RunAsync(clone, CancellationToken.None, "push", "--quiet", "origin", "HEAD:refs/heads/" + branch);
        return (await Git.RunAsync(clone, CancellationToken.None, "rev-parse", "HEAD")).Trim();
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(HostSandbox.Deadline);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"waited {HostSandbox.Deadline} for {what}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }
}

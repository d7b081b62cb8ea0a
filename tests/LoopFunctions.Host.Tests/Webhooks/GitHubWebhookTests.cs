using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using LoopFunctions.Host.Webhooks;
using LoopFunctions.Triggers.Webhooks;

namespace LoopFunctions.Host.Tests.Webhooks;

/// <summary>Signed GitHub deliveries over real HTTP starting real loop runs.</summary>
public sealed class GitHubWebhookTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-for-tests";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        var gated = LoopFiles.Gated(_sandbox.Repository, _sandbox.AgentScript).Replace(
            "on: manual",
            "on:\n  github:\n    pull_request: [opened, synchronize]\n    issue_comment: { types: [created], contains: \"/loop fix\" }",
            StringComparison.Ordinal);
        _sandbox.WriteLoop("fixpr", gated);
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:GitHub:WebhookSecret"] = Secret });
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task PullRequestOpened_SignedDelivery_StartsOneRunPerPullRequest()
    {
        var (status, report) = await DeliverAsync("pull_request", "d-1", PullRequest("opened", 7));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("fixpr-pr-octo-calc-7", report!["started"]![0]!.ToString());
        var running = await _sandbox.WaitForPhaseAsync("fixpr-pr-octo-calc-7", "AwaitingApproval");
        var request = await _sandbox.RunRequestAsync("fixpr-pr-octo-calc-7");
        Assert.Equal("github:pull_request", request.TriggeredBy);
        Assert.Equal("Please fix", request.UntrustedContext!["pull request body"]);

        // The status shows the stored input (the loop, the event's summary, the trigger), never a server path.
        Assert.Contains("pull_request", running["input"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("loopFile", running["input"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("loop/fixpr/fixpr-pr-octo-calc-7", running["customStatus"]!["branch"]!.ToString());

        // The same delivery again (GitHub's redelivery) is answered without acting.
        var (again, duplicate) = await DeliverAsync("pull_request", "d-1", PullRequest("opened", 7));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.True((bool)duplicate!["duplicate"]!);

        // A new delivery for the same pull request does not start a second live run.
        var (reopened, second) = await DeliverAsync("pull_request", "d-2", PullRequest("opened", 7));
        Assert.Equal(HttpStatusCode.OK, reopened);
        Assert.Empty(second!["started"]!.AsArray());
        Assert.Contains("already running", second["ignored"]![0]!.ToString(), StringComparison.Ordinal);

        // A new push raises an event on the live run (on_push: raise is the default).
        var (pushed, third) = await DeliverAsync("pull_request", "d-3", PullRequest("synchronize", 7));
        Assert.Equal(HttpStatusCode.OK, pushed);
        Assert.Equal("fixpr-pr-octo-calc-7: push", third!["raised"]![0]!.ToString());
        await _sandbox.WaitForAsync(
            "fixpr-pr-octo-calc-7",
            s => s["historyEvents"]!.AsArray().Any(e => e!["EventType"]!.ToString() == "EventRaised" && e["Name"]?.ToString() == "push"),
            "?showHistory=true");
    }

    [Fact]
    public async Task Delivery_BadOrMissingSignature_Is401AndStartsNothing()
    {
        var body = PullRequest("opened", 8);
        var (wrong, _) = await DeliverAsync("pull_request", "d-10", body, signature: WebhookSignature.Sign("not-the-secret", Encoding.UTF8.GetBytes(body)));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        var (missing, _) = await DeliverAsync("pull_request", "d-11", body, signature: "");
        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        var (tampered, _) = await DeliverAsync("pull_request", "d-12", body.Replace("8", "9", StringComparison.Ordinal), signature: WebhookSignature.Sign(Secret, Encoding.UTF8.GetBytes(body)));
        Assert.Equal(HttpStatusCode.Unauthorized, tampered);
        Assert.Equal(HttpStatusCode.NotFound, (await _sandbox.GetStatusAsync("fixpr-pr-octo-calc-8")).Status);

        // Rejected deliveries were not recorded: the genuine delivery with the same id still acts.
        var (genuine, _) = await DeliverAsync("pull_request", "d-10", body);
        Assert.Equal(HttpStatusCode.Accepted, genuine);
    }

    [Fact]
    public async Task Delivery_MalformedJsonOrMissingHeaders_Is400()
    {
        var (malformed, error) = await DeliverAsync("pull_request", "d-20", "{\"action\": ");
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Contains("not valid JSON", error!["error"]!.ToString(), StringComparison.Ordinal);
        var (noEvent, _) = await DeliverAsync("", "d-21", PullRequest("opened", 3));
        Assert.Equal(HttpStatusCode.BadRequest, noEvent);
    }

    [Fact]
    public async Task IssueComment_FromUntrustedAuthor_StartsNothing()
    {
        var comment = Comment("/loop fix please", "NONE", 12);
        var (status, report) = await DeliverAsync("issue_comment", "d-30", comment);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("not trusted", report!["ignored"]![0]!.ToString(), StringComparison.Ordinal);

        var (trusted, started) = await DeliverAsync("issue_comment", "d-31", Comment("/loop fix please", "MEMBER", 12));
        Assert.Equal(HttpStatusCode.Accepted, trusted);
        Assert.Equal("fixpr-issue-octo-calc-12", started!["started"]![0]!.ToString());
    }

    [Fact]
    public async Task CheckSuiteCompleted_ForTheLoopBranch_CompletesTheCiWait()
    {
        _sandbox.WriteLoop("withci", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript, "ci:\n  wait: 10m"));
        var id = (await _sandbox.StartLoopAsync("withci", "ci-run"))["id"]!.ToString();
        var waiting = await _sandbox.WaitForPhaseAsync(id, "AwaitingCi");
        var branch = waiting["customStatus"]!["branch"]!.ToString();

        var other = JsonSerializer.Serialize(new { action = "completed", check_suite = new { conclusion = "success", head_branch = "someone-else" }, repository = new { full_name = "octo/calc" } });
        var (_, ignored) = await DeliverAsync("check_suite", "d-60", other);
        Assert.Empty(ignored!["raised"]!.AsArray());

        var suite = JsonSerializer.Serialize(new { action = "completed", check_suite = new { conclusion = "success", head_branch = branch, app = new { name = "CI" } }, repository = new { full_name = "octo/calc" } });
        var (status, report) = await DeliverAsync("check_suite", "d-61", suite);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"{id}: ci (CI: success)", report!["raised"]![0]!.ToString());
        var done = await _sandbox.WaitForEndAsync(id);
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.Contains("CI passed", done["output"]!["reason"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synchronize_LoopWithOnPushRestart_RestartsTheLiveRun()
    {
        var restarting = LoopFiles.Gated(_sandbox.Repository, _sandbox.AgentScript)
            .Replace("on: manual", "on:\n  github:\n    pull_request: [opened, synchronize]", StringComparison.Ordinal)
            .Replace("approval_timeout: 1h", "approval_timeout: 1h\n  on_push: restart", StringComparison.Ordinal);
        _sandbox.WriteLoop("restartpr", restarting);
        await DeliverAsync("pull_request", "d-70", PullRequest("opened", 21));
        var first = await _sandbox.WaitForPhaseAsync("restartpr-pr-octo-calc-21", "AwaitingApproval");

        var (status, report) = await DeliverAsync("pull_request", "d-71", PullRequest("synchronize", 21));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Contains("restartpr-pr-octo-calc-21", report!["started"]!.AsArray().Select(n => n!.ToString()));
        // The old run may still show its phase for a moment after the delivery is answered, and createdTime has
        // whole seconds (as Durable Functions shows it), so the new run is told apart by the event that started it.
        Assert.Equal("opened", first["input"]!["input"]!["action"]!.ToString());
        var second = await _sandbox.WaitForAsync("restartpr-pr-octo-calc-21", s => s["input"]?["input"]?["action"]?.ToString() == "synchronize" && s["customStatus"]?["phase"]?.ToString() == "AwaitingApproval");
        Assert.Equal("Running", second["runtimeStatus"]!.ToString());
    }

    [Fact]
    public async Task Ping_IsAnsweredPong()
    {
        var (status, body) = await DeliverAsync("ping", "d-40", "{\"zen\": \"Keep it logically awesome.\"}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body!["pong"]!);
    }

    [Fact]
    public async Task Delivery_HostWithoutSecret_Is403()
    {
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:GitHub:WebhookSecret"] = "" });
        var (status, body) = await DeliverAsync("pull_request", "d-50", PullRequest("opened", 5));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("WebhookSecret", body!["error"]!.ToString(), StringComparison.Ordinal);
    }

    internal static string PullRequest(string action, int number, string association = "MEMBER") => JsonSerializer.Serialize(new
    {
        action,
        number,
        pull_request = new
        {
            number,
            title = "Fix add",
            body = "Please fix",
            author_association = association,
            head = new { @ref = "feature", sha = "abc123" },
            @base = new { @ref = "main" },
        },
        repository = new { full_name = "octo/calc" },
    });

    private static string Comment(string text, string association, int issue) => JsonSerializer.Serialize(new
    {
        action = "created",
        issue = new { number = issue, title = "add is broken", body = "it subtracts", author_association = "OWNER", labels = Array.Empty<object>() },
        comment = new { body = text, author_association = association },
        repository = new { full_name = "octo/calc" },
    });

    private async Task<(HttpStatusCode Status, JsonNode? Body)> DeliverAsync(string eventName, string delivery, string body, string? signature = null)
    {
        using var request = Request(eventName, delivery, body, signature ?? WebhookSignature.Sign(Secret, Encoding.UTF8.GetBytes(body)));
        using var response = await _sandbox.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static HttpRequestMessage Request(string eventName, string delivery, string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (eventName.Length > 0)
        {
            request.Headers.Add("X-GitHub-Event", eventName);
        }

        request.Headers.Add("X-GitHub-Delivery", delivery);
        if (signature.Length > 0)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        return request;
    }
}

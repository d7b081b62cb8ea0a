using System.Text;
using System.Text.Json;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Http;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Triggers.Tests.TestSupport;
using LoopFunctions.Triggers.Webhooks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace LoopFunctions.Triggers.Tests.Webhooks;

public sealed class GitHubWebhookTests : IDisposable
{
    private const string Secret = "github-secret";
    private readonly LoopFolderFixture _loops = new();
    private readonly FakeClient _client = new();
    private readonly DeliveryLog _deliveries = new();

    public void Dispose() => _loops.Dispose();

    [Fact]
    public async Task HandleAsync_BadSignature_401AndNothingRead()
    {
        _loops.Write("review", "on:\n  github:\n    pull_request: [opened]");
        var body = PullRequest(7);
        var answer = await Webhook().HandleAsync(body, Headers("pull_request", "d-1", "sha256=" + new string('0', 64)), default);
        Assert.Equal(401, answer.StatusCode);
        Assert.Contains(GitHubWebhook.SignatureHeader, Assert.IsType<ErrorBody>(answer.Body).Error, StringComparison.Ordinal);
        Assert.Empty(_client.Starts);
        Assert.True(_deliveries.TryRecord("d-1"), "a refused delivery must not be recorded as handled");
    }

    [Fact]
    public async Task HandleAsync_NoSecretConfigured_403()
    {
        var body = PullRequest(7);
        var answer = await Webhook(secret: null).HandleAsync(body, Headers("pull_request", "d-1", WebhookSignature.Sign(Secret, body)), default);
        Assert.Equal(403, answer.StatusCode);
        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task HandleAsync_MatchingPullRequest_StartsDeterministicRunOnce()
    {
        _loops.Write("review", "on:\n  github:\n    pull_request: [opened]");
        var body = PullRequest(7);
        var headers = Headers("pull_request", "d-1", WebhookSignature.Sign(Secret, body));

        var first = await Webhook().HandleAsync(body, headers, default);
        var again = await Webhook().HandleAsync(body, headers, default);

        Assert.Equal(202, first.StatusCode);
        Assert.Equal(["review-pr-octo-calc-7"], Assert.IsType<WebhookReport>(first.Body).Started);
        var start = Assert.Single(_client.Starts);
        Assert.Equal(LoopActivityNames.Orchestrator, start.Name);
        var request = Assert.IsType<LoopRunInput>(start.Input);
        Assert.Equal(("review", "github:pull_request", "7"), (request.LoopName, request.TriggeredBy, request.PullRequest));
        Assert.Equal("fix it please", request.UntrustedContext!["pull request body"]);
        Assert.Equal(LoopStart.LiveStatuses.Select(s => s.ToString()), start.Options!.DedupeStatuses);
        Assert.Equal(200, again.StatusCode);
        Assert.Equal(JsonSerializer.Serialize(new { delivery = "d-1", duplicate = true }), JsonSerializer.Serialize(again.Body));
    }

    [Fact]
    public async Task HandleAsync_StartFails_DeliveryCanBeRetried()
    {
        _loops.Write("review", "on:\n  github:\n    pull_request: [opened]");
        var body = PullRequest(7);
        var headers = Headers("pull_request", "d-1", WebhookSignature.Sign(Secret, body));
        _client.Mock.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("store unavailable"));

        await Assert.ThrowsAsync<IOException>(() => Webhook().HandleAsync(body, headers, default));

        Assert.True(_deliveries.TryRecord("d-1"), "a delivery that failed must be acted on when GitHub redelivers it");
    }

    [Fact]
    public async Task HandleAsync_PushToPullRequestWithLiveRun_RaisesPushEvent()
    {
        _loops.Write("review", "on:\n  github:\n    pull_request: [synchronize]");
        _client.Seed(new OrchestrationMetadata(LoopActivityNames.Orchestrator, "review-pr-octo-calc-7") { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        var body = PullRequest(7, "synchronize");

        var answer = await Webhook().HandleAsync(body, Headers("pull_request", "d-2", WebhookSignature.Sign(Secret, body)), default);

        Assert.Equal(200, answer.StatusCode);
        Assert.Empty(_client.Starts);
        var raised = Assert.Single(_client.Raised);
        Assert.Equal(("review-pr-octo-calc-7", GitHubDeliveryHandler.PushEvent), (raised.InstanceId, raised.Name));
    }

    [Fact]
    public async Task HandleAsync_Ping_AnsweredWithoutStarting()
    {
        var body = Encoding.UTF8.GetBytes("{\"zen\":\"hi\"}");
        var answer = await Webhook().HandleAsync(body, Headers("ping", "d-3", WebhookSignature.Sign(Secret, body)), default);
        Assert.Equal(200, answer.StatusCode);
        Assert.Empty(_client.Starts);
    }

    private GitHubWebhook Webhook(string? secret = Secret)
    {
        var launcher = new LoopLauncher(_client.Object, TimeProvider.System, NullLogger<LoopLauncher>.Instance);
        var handler = new GitHubDeliveryHandler(_client.Object, launcher, NullLogger<GitHubDeliveryHandler>.Instance);
        return new GitHubWebhook(new TriggerOptions { GitHubWebhookSecret = secret }, _deliveries, _loops.Loops, handler, NullLogger<GitHubWebhook>.Instance);
    }

    private static byte[] PullRequest(int number, string action = "opened") => JsonSerializer.SerializeToUtf8Bytes(new
    {
        action,
        pull_request = new { number, title = "Calc", body = "fix it please", author_association = "OWNER", @base = new { @ref = "main" }, head = new { @ref = "feature", sha = "abc" } },
        repository = new { full_name = "Octo/Calc" },
    });

    private static Func<string, string?> Headers(string eventName, string delivery, string? signature) => name => name switch
    {
        GitHubWebhook.EventHeader => eventName,
        GitHubWebhook.DeliveryHeader => delivery,
        GitHubWebhook.SignatureHeader => signature,
        _ => null,
    };
}

using System.Net;
using System.Text;
using System.Text.Json;
using LoopFunctions.Functions.Http;
using LoopFunctions.Functions.Tests.TestSupport;
using LoopFunctions.Triggers.Webhooks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace LoopFunctions.Functions.Tests.Http;

public sealed class WebhookFunctionsTests : IDisposable
{
    private readonly TempLoops _loops = new();
    private readonly Mock<DurableTaskClient> _client = new(MockBehavior.Strict, "test");
    private readonly FunctionsHarness _harness;

    public WebhookFunctionsTests()
    {
        _loops.Write("review", "on:\n  github:\n    pull_request: [opened]");
        _loops.Write("deploy-check", "on:\n  webhook: { name: deploy }");
        _harness = new FunctionsHarness(_loops.Folder, new Dictionary<string, string?>
        {
            ["LoopFunctions:GitHub:WebhookSecret"] = "gh-secret",
            ["LoopFunctions:Webhooks:deploy"] = "deploy-secret",
        });
        _client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        _client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => Task.FromResult(o!.InstanceId!));
    }

    public void Dispose()
    {
        _harness.Dispose();
        _loops.Dispose();
    }

    [Fact]
    public async Task GitHubAsync_SignedPullRequest_202StartingTheDeterministicRun()
    {
        var body = PullRequest();
        var request = _harness.Request("POST", "https://app.azurewebsites.net/api/webhooks/github", body,
            (GitHubWebhook.EventHeader, "pull_request"), (GitHubWebhook.DeliveryHeader, "d-1"), (GitHubWebhook.SignatureHeader, WebhookSignature.Sign("gh-secret", Encoding.UTF8.GetBytes(body))));

        var response = await Webhooks().GitHubAsync(request, _client.Object, _harness.Context.Object);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var report = JsonDocument.Parse(FunctionsHarness.BodyOf(response)).RootElement;
        Assert.Equal("review-pr-octo-calc-7", report.GetProperty("started")[0].GetString());
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "review-pr-octo-calc-7"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task GitHubAsync_BadSignature_401AndNothingStarted()
    {
        var request = _harness.Request("POST", "https://app.azurewebsites.net/api/webhooks/github", PullRequest(),
            (GitHubWebhook.EventHeader, "pull_request"), (GitHubWebhook.DeliveryHeader, "d-1"), (GitHubWebhook.SignatureHeader, WebhookSignature.Sign("wrong", Encoding.UTF8.GetBytes(PullRequest()))));

        var response = await Webhooks().GitHubAsync(request, _client.Object, _harness.Context.Object);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task GenericAsync_SignedDelivery_202WithRunNamedAfterTheDelivery()
    {
        const string Body = "{\"env\":\"prod\"}";
        var request = _harness.Request("POST", "https://app.azurewebsites.net/api/webhooks/generic/deploy", Body,
            (GenericWebhook.SignatureHeader, WebhookSignature.Sign("deploy-secret", Encoding.UTF8.GetBytes(Body))), (GenericWebhook.DeliveryHeader, "42"));

        var response = await Webhooks().GenericAsync(request, "deploy", _client.Object, _harness.Context.Object);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("deploy-check-hook-42", JsonDocument.Parse(FunctionsHarness.BodyOf(response)).RootElement.GetProperty("started")[0].GetString());
    }

    [Fact]
    public async Task GenericAsync_BadSignature_401()
    {
        var request = _harness.Request("POST", "https://app.azurewebsites.net/api/webhooks/generic/deploy", "{}", (GenericWebhook.SignatureHeader, "sha256=" + new string('a', 64)));
        var response = await Webhooks().GenericAsync(request, "deploy", _client.Object, _harness.Context.Object);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        _client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private WebhookFunctions Webhooks() => new(_harness.Triggers);

    private static string PullRequest() => JsonSerializer.Serialize(new
    {
        action = "opened",
        pull_request = new { number = 7, title = "t", author_association = "OWNER", @base = new { @ref = "main" } },
        repository = new { full_name = "octo/calc" },
    });
}

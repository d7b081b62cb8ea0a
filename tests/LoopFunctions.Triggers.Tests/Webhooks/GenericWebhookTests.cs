using System.Text;
using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Triggers.Http;
using LoopFunctions.Triggers.Starting;
using LoopFunctions.Triggers.Tests.TestSupport;
using LoopFunctions.Triggers.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoopFunctions.Triggers.Tests.Webhooks;

public sealed class GenericWebhookTests : IDisposable
{
    private const string Secret = "deploy-secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"env\":\"prod\"}");
    private readonly LoopFolderFixture _loops = new();
    private readonly FakeClient _client = new();
    private readonly DeliveryLog _deliveries = new();

    public GenericWebhookTests() => _loops.Write("deploy-check", "on:\n  webhook: { name: deploy }");

    public void Dispose() => _loops.Dispose();

    [Fact]
    public async Task HandleAsync_SignedDelivery_StartsRunNamedAfterDeliveryWithEveryStatusAsDedupe()
    {
        var answer = await Webhook().HandleAsync("deploy", Body, Headers(WebhookSignature.Sign(Secret, Body), "42"), default);

        Assert.Equal(202, answer.StatusCode);
        var start = Assert.Single(_client.Starts);
        Assert.Equal("deploy-check-hook-42", start.InstanceId);
        Assert.Equal(LoopStart.AnyStatus.Select(s => s.ToString()).Order(), start.Options!.DedupeStatuses!.Order());
        var request = Assert.IsType<LoopRunInput>(start.Input);
        Assert.Equal("{\"env\":\"prod\"}", request.InputText);
        Assert.Equal("{\"env\":\"prod\"}", request.UntrustedContext!["webhook body"]);
    }

    [Fact]
    public async Task HandleAsync_RedeliveryToAnotherHost_RefusedByTheStoreAndIgnored()
    {
        await Webhook().HandleAsync("deploy", Body, Headers(WebhookSignature.Sign(Secret, Body), "42"), default);

        // Another host: its own delivery log has not seen the id, the task hub has.
        var other = new GenericWebhook(Options(), new DeliveryLog(), _loops.Loops, new LoopLauncher(_client.Object, TimeProvider.System, NullLogger<LoopLauncher>.Instance), NullLogger<GenericWebhook>.Instance);
        var answer = await other.HandleAsync("deploy", Body, Headers(WebhookSignature.Sign(Secret, Body), "42"), default);

        Assert.Equal(200, answer.StatusCode);
        Assert.Single(_client.Starts);
        Assert.Contains("already handled", Assert.Single(Assert.IsType<WebhookReport>(answer.Body).Ignored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_BadSignature_401()
    {
        var answer = await Webhook().HandleAsync("deploy", Body, Headers(WebhookSignature.Sign("wrong", Body), "42"), default);
        Assert.Equal(401, answer.StatusCode);
        Assert.Empty(_client.Starts);
    }

    [Fact]
    public async Task HandleAsync_UnknownName_404()
    {
        var answer = await Webhook().HandleAsync("nope", Body, Headers(WebhookSignature.Sign(Secret, Body), "42"), default);
        Assert.Equal(404, answer.StatusCode);
        Assert.Empty(_client.Starts);
    }

    private GenericWebhook Webhook() =>
        new(Options(), _deliveries, _loops.Loops, new LoopLauncher(_client.Object, TimeProvider.System, NullLogger<LoopLauncher>.Instance), NullLogger<GenericWebhook>.Instance);

    private static TriggerOptions Options()
    {
        var options = new TriggerOptions();
        options.WebhookSecrets["deploy"] = Secret;
        return options;
    }

    private static Func<string, string?> Headers(string signature, string? delivery) => name => name switch
    {
        GenericWebhook.SignatureHeader => signature,
        GenericWebhook.DeliveryHeader => delivery,
        _ => null,
    };
}

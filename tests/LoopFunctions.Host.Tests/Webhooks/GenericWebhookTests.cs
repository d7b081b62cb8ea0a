using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;
using LoopFunctions.Host.Webhooks;
using LoopFunctions.Triggers.Webhooks;

namespace LoopFunctions.Host.Tests.Webhooks;

/// <summary>The generic signed webhook: <c>POST /api/webhooks/generic/{name}</c>.</summary>
public sealed class GenericWebhookTests : IAsyncLifetime
{
    private const string Secret = "generic-hook-secret-0123";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteLoop("onalert", LoopFiles.Quick(_sandbox.Repository, _sandbox.AgentScript).Replace("on: manual", "on:\n  webhook: { name: alerts }", StringComparison.Ordinal));
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:Webhooks:alerts"] = Secret });
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Deliver_SignedWithDeliveryId_StartsOnceWithTheBodyAsData()
    {
        const string body = "{\"alert\": \"disk full; rm -rf /\"}";
        var (status, report) = await PostAsync("alerts", body, WebhookSignature.Sign(Secret, Encoding.UTF8.GetBytes(body)), "a-1");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("onalert-hook-a-1", report!["started"]![0]!.ToString());

        var done = await _sandbox.WaitForEndAsync("onalert-hook-a-1");
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.Equal(body, (await _sandbox.RunRequestAsync("onalert-hook-a-1")).UntrustedContext!["webhook body"]);

        var (again, duplicate) = await PostAsync("alerts", body, WebhookSignature.Sign(Secret, Encoding.UTF8.GetBytes(body)), "a-1");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.True((bool)duplicate!["duplicate"]!);
    }

    [Fact]
    public async Task Deliver_BadSignatureOrUnknownName_StartsNothing()
    {
        const string body = "{}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("alerts", body, WebhookSignature.Sign("wrong", Encoding.UTF8.GetBytes(body)), "b-1")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("alerts", body, null, "b-2")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("nope", body, WebhookSignature.Sign(Secret, Encoding.UTF8.GetBytes(body)), "b-3")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _sandbox.GetStatusAsync("onalert-hook-b-1")).Status);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string name, string body, string? signature, string delivery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/generic/{name}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Delivery-Id", delivery);
        if (signature is not null)
        {
            request.Headers.Add(GenericWebhook.SignatureHeader, signature);
        }

        using var response = await _sandbox.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}

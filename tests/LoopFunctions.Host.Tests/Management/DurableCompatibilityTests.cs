using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Management;

/// <summary>The answers Durable Functions' client libraries depend on (docs/http-api.md), over real HTTP on 127.0.0.1
/// with real loops on a SQLite store.</summary>
public sealed partial class DurableCompatibilityTests : IAsyncLifetime
{
    private const string Api = "/runtime/webhooks/durabletask/instances";
    private const string Orchestrators = "/runtime/webhooks/durabletask/orchestrators";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteQuickAndGatedLoops();
        await _sandbox.StartHostAsync();
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task RaiseEvent_ApprovalEncodedTwiceAsThePythonClientSendsIt_ApprovesTheLoop()
    {
        var id = (await _sandbox.StartLoopAsync("gated"))["id"]!.ToString();
        await _sandbox.WaitForPhaseAsync(id, "AwaitingApproval");

        // azure-functions-durable: json.dumps(event_data), then posted with json=, so the body is a JSON string.
        var twice = JsonSerializer.Serialize(JsonSerializer.Serialize(new { approved = true, comment = "from python", by = "py" }));
        Assert.StartsWith("\"{", twice, StringComparison.Ordinal);
        using (var approve = await _sandbox.Http.PostAsync($"{Api}/{id}/raiseEvent/approval", new StringContent(twice, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        }

        var done = await _sandbox.WaitForEndAsync(id);
        Assert.Equal("Completed", done["runtimeStatus"]!.ToString());
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.NotNull(done["output"]!["pushedTo"]);
    }

    [Fact]
    public async Task RaiseEvent_ContentTypeNotJson_Is400AndTheLoopKeepsWaiting()
    {
        var id = (await _sandbox.StartLoopAsync("gated"))["id"]!.ToString();
        await _sandbox.WaitForPhaseAsync(id, "AwaitingApproval");
        var approval = Encoding.UTF8.GetBytes("{\"approved\": true}");

        foreach (var type in new[] { "text/plain", null, "application/x-www-form-urlencoded", "text/json" })
        {
            using var content = new ByteArrayContent(approval);
            content.Headers.ContentType = type is null ? null : new MediaTypeHeaderValue(type);
            using var refused = await _sandbox.Http.PostAsync($"{Api}/{id}/raiseEvent/approval", content);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            Assert.Equal("Only application/json request content is supported", error["Message"]!.ToString());
            Assert.Contains(type ?? "none", error["ExceptionMessage"]!.ToString(), StringComparison.Ordinal);
        }

        using (var empty = await _sandbox.Http.PostAsync($"{Api}/{id}/raiseEvent/approval", new StringContent("", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Equal("Invalid JSON content", JsonNode.Parse(await empty.Content.ReadAsStringAsync())!["Message"]!.ToString());
        }

        // As in Durable Functions, the instance is looked up before the body: unknown is 404 whatever the content type.
        using (var unknown = await _sandbox.Http.PostAsync($"{Api}/nope/raiseEvent/approval", new StringContent("{}", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var (status, body) = await _sandbox.GetStatusAsync(id);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("AwaitingApproval", body!["customStatus"]!["phase"]!.ToString());
        using var charset = await _sandbox.Http.PostAsync($"{Api}/{id}/raiseEvent/approval", new StringContent("{\"approved\": true}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, charset.StatusCode);
        Assert.Equal("Verified", (await _sandbox.WaitForEndAsync(id))["output"]!["outcome"]!.ToString());
    }

    [Fact]
    public async Task Errors_HaveTheDurableFunctionsShape_WithExceptionMessage()
    {
        using var malformed = await _sandbox.Http.PostAsync($"{Orchestrators}/quick", new StringContent("{oops", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var error = JsonNode.Parse(await malformed.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["Message", "ExceptionMessage", "ExceptionType", "StackTrace", "error"], error.Select(p => p.Key));
        Assert.Equal("One or more of the arguments submitted is incorrect", error["Message"]!.ToString());
        Assert.Contains("not valid JSON", error["ExceptionMessage"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(error["ExceptionMessage"]!.ToString(), error["error"]!.ToString());
        Assert.Null(error["StackTrace"]);

        using var unknown = await _sandbox.Http.PostAsync($"{Orchestrators}/nope", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("known loops: gated, quick", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["ExceptionMessage"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAndWait_EndsInTime_Answers200WithTheOutput()
    {
        using var response = await _sandbox.Http.PostAsync($"{Orchestrators}/quick/waited-1?timeout=60&pollingInterval=1", JsonContent.Create(new { ticket = 1 }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var output = JsonNode.Parse(text)!;
        Assert.Equal("Verified", output["outcome"]!.ToString());
        Assert.Equal("quick", output["loop"]!.ToString());
    }

    [Fact]
    public async Task Starts_Answer202WithRetryAfter_AndStartAndWaitPastItsTimeoutToo()
    {
        using (var waited = await _sandbox.Http.PostAsync($"{Orchestrators}/gated/waited-2?timeout=0.5&pollingInterval=1", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, waited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(10), waited.Headers.RetryAfter!.Delta);
            var payload = JsonNode.Parse(await waited.Content.ReadAsStringAsync())!;
            Assert.Equal("waited-2", payload["id"]!.ToString());
            Assert.Equal(payload["statusQueryGetUri"]!.ToString(), waited.Headers.Location!.ToString());
        }

        foreach (var start in new[] { $"{Orchestrators}/gated", "/api/loops/gated" })
        {
            using var response = await _sandbox.Http.PostAsync(start, null);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter!.Delta);
            var fields = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject().Select(p => p.Key);
            Assert.Equal(["id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri"], fields);
        }
    }

    [Fact]
    public async Task Status_NameInputAndDates_AsDurableFunctionsReportsThem()
    {
        var id = (await _sandbox.StartLoopAsync("quick", input: new { ticket = 7 }))["id"]!.ToString();
        var done = await _sandbox.WaitForEndAsync(id);

        Assert.Equal("LoopOrchestrator", done["name"]!.ToString());
        // The stored input, as every Durable Functions tool shows it: the loop, the caller's input as JSON, the trigger.
        Assert.Equal("{\"loop\":\"quick\",\"input\":{\"ticket\":7},\"trigger\":{\"kind\":\"http\"}}", done["input"]!.ToJsonString());
        Assert.Matches(SecondsUtc(), done["createdTime"]!.ToString());
        Assert.Matches(SecondsUtc(), done["lastUpdatedTime"]!.ToString());

        using var listed = await _sandbox.Http.GetAsync($"{Api}?instanceIdPrefix={id}");
        var entry = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!.AsArray().Single()!;
        Assert.Equal(done["input"]!.ToJsonString(), entry["input"]!.ToJsonString());
        Assert.DoesNotContain(_sandbox.Root, entry["input"]!.ToJsonString(), StringComparison.Ordinal);

        using var bare = await _sandbox.Http.PostAsync($"{Orchestrators}/gated/no-input", null);
        Assert.Equal(HttpStatusCode.Accepted, bare.StatusCode);
        var (_, pending) = await _sandbox.GetStatusAsync("no-input");
        Assert.Equal("{\"loop\":\"gated\",\"trigger\":{\"kind\":\"http\"}}", pending!["input"]!.ToJsonString());
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    private static partial Regex SecondsUtc();
}

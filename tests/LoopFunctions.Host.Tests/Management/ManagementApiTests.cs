using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Management;

/// <summary>The Durable Functions management API over real HTTP on 127.0.0.1, with real loops on a SQLite store.</summary>
public sealed class ManagementApiTests : IAsyncLifetime
{
    private const string Api = "/runtime/webhooks/durabletask/instances";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteQuickAndGatedLoops();
        await _sandbox.StartHostAsync();
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Start_ScriptStyleClient_PollsStatusQueryGetUriUntilDone()
    {
        using var response = await _sandbox.Http.PostAsync("/api/loops/quick", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        foreach (var field in new[] { "id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "suspendPostUri", "resumePostUri", "restartPostUri" })
        {
            Assert.False(string.IsNullOrEmpty(payload[field]?.ToString()), field);
        }

        Assert.Equal(payload["statusQueryGetUri"]!.ToString(), response.Headers.Location!.ToString());

        // The Durable Functions check-status pattern: GET the status URI while it answers 202, honouring Retry-After.
        using var deadline = new CancellationTokenSource(HostSandbox.Deadline);
        HttpResponseMessage poll;
        while (true)
        {
            poll = await _sandbox.Http.GetAsync(payload["statusQueryGetUri"]!.ToString(), deadline.Token);
            if (poll.StatusCode != HttpStatusCode.Accepted)
            {
                break;
            }

            Assert.NotNull(poll.Headers.RetryAfter);
            Assert.NotNull(poll.Headers.Location);
            poll.Dispose();
            await Task.Delay(100, deadline.Token);
        }

        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        var done = JsonNode.Parse(await poll.Content.ReadAsStringAsync())!;
        poll.Dispose();
        Assert.Equal("Completed", done["runtimeStatus"]!.ToString());
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.Equal(payload["id"]!.ToString(), done["instanceId"]!.ToString());
        Assert.NotNull(done["createdTime"]);
        Assert.NotNull(done["lastUpdatedTime"]);
    }

    [Fact]
    public async Task Get_ShowHistoryAndInputFlags_ShapeTheBody()
    {
        var id = (await _sandbox.StartLoopAsync("quick", input: new { ticket = 42 }))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(id);

        var (_, plain) = await _sandbox.GetStatusAsync(id);
        Assert.Null(plain!["historyEvents"]);
        Assert.Equal("{\"ticket\":42}", plain["input"]!["input"]!.ToJsonString());

        var (_, noInput) = await _sandbox.GetStatusAsync(id, "?showInput=false");
        Assert.Null(noInput!["input"]);

        var (_, history) = await _sandbox.GetStatusAsync(id, "?showHistory=true");
        var events = history!["historyEvents"]!.AsArray();
        Assert.Contains(events, e => e!["EventType"]!.ToString() == "ExecutionStarted");
        Assert.Contains(events, e => e!["EventType"]!.ToString() == "ExecutionCompleted");
        Assert.DoesNotContain(events, e => e!["Result"] is not null);

        var (_, withOutput) = await _sandbox.GetStatusAsync(id, "?showHistory=true&showHistoryOutput=true");
        Assert.Contains(withOutput!["historyEvents"]!.AsArray(), e => e!["Result"] is not null);

        // As in Durable Functions, a flag that is not true or false is its default, not an error.
        var (lenient, unflagged) = await _sandbox.GetStatusAsync(id, "?showHistory=maybe&showInput=perhaps");
        Assert.Equal(HttpStatusCode.OK, lenient);
        Assert.Null(unflagged!["historyEvents"]);
        Assert.NotNull(unflagged["input"]);
    }

    [Fact]
    public async Task Operations_OnUnknownLiveAndEndedInstances_AnswerTheDurableFunctionsCodes()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _sandbox.GetStatusAsync("nope")).Status);
        foreach (var action in new[] { "terminate", "suspend", "resume", "raiseEvent/approval", "restart" })
        {
            using var unknown = await _sandbox.Http.PostAsync($"{Api}/nope/{action}", JsonContent.Create(new { approved = true }));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var live = (await _sandbox.StartLoopAsync("gated"))["id"]!.ToString();
        await _sandbox.WaitForPhaseAsync(live, "AwaitingApproval");
        Assert.Equal(HttpStatusCode.Accepted, (await _sandbox.GetStatusAsync(live)).Status);

        using (var suspend = await _sandbox.Http.PostAsync($"{Api}/{live}/suspend?reason=lunch", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        }

        await _sandbox.WaitForAsync(live, s => s["runtimeStatus"]!.ToString() == "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, (await _sandbox.GetStatusAsync(live)).Status);
        using (var resume = await _sandbox.Http.PostAsync($"{Api}/{live}/resume", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        }

        await _sandbox.WaitForAsync(live, s => s["runtimeStatus"]!.ToString() == "Running");
        using (var purgeLive = await _sandbox.Http.DeleteAsync($"{Api}/{live}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, purgeLive.StatusCode);
        }

        using (var terminate = await _sandbox.Http.PostAsync($"{Api}/{live}/terminate?reason=enough", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        }

        var ended = await _sandbox.WaitForEndAsync(live);
        Assert.Equal("Terminated", ended["runtimeStatus"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await _sandbox.GetStatusAsync(live)).Status);
        foreach (var action in new[] { "terminate", "suspend", "resume" })
        {
            using var gone = await _sandbox.Http.PostAsync($"{Api}/{live}/{action}", null);
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        }

        using (var raiseGone = await _sandbox.Http.PostAsync($"{Api}/{live}/raiseEvent/approval", JsonContent.Create(new { approved = true })))
        {
            Assert.Equal(HttpStatusCode.Gone, raiseGone.StatusCode);
        }

        using (var restart = await _sandbox.Http.PostAsync($"{Api}/{live}/restart?restartWithNewInstanceId=false", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
            Assert.Equal(live, JsonNode.Parse(await restart.Content.ReadAsStringAsync())!["id"]!.ToString());
        }

        await _sandbox.WaitForPhaseAsync(live, "AwaitingApproval");
        using (var terminateAgain = await _sandbox.Http.PostAsync($"{Api}/{live}/terminate", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, terminateAgain.StatusCode);
        }

        await _sandbox.WaitForEndAsync(live);
        using (var purge = await _sandbox.Http.DeleteAsync($"{Api}/{live}"))
        {
            Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
            Assert.Equal(1, (int)JsonNode.Parse(await purge.Content.ReadAsStringAsync())!["instancesDeleted"]!);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _sandbox.GetStatusAsync(live)).Status);
        using var purgeAgain = await _sandbox.Http.DeleteAsync($"{Api}/{live}");
        Assert.Equal(HttpStatusCode.NotFound, purgeAgain.StatusCode);
    }

    [Fact]
    public async Task RaiseEvent_Approval_ResumesTheWaitingLoop()
    {
        var id = (await _sandbox.StartLoopAsync("gated"))["id"]!.ToString();
        await _sandbox.WaitForPhaseAsync(id, "AwaitingApproval");

        using (var typo = await _sandbox.Http.PostAsync($"{Api}/{id}/raiseEvent/approval", JsonContent.Create(new { aproved = true })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        }

        using (var malformed = await _sandbox.Http.PostAsync($"{Api}/{id}/raiseEvent/approval", new StringContent("{\"approved\": tru", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Contains("not valid JSON", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("AwaitingApproval", (await _sandbox.GetStatusAsync(id)).Body!["customStatus"]!["phase"]!.ToString());
        using (var approve = await _sandbox.Http.PostAsync($"{Api}/{id}/raiseEvent/approval", JsonContent.Create(new { approved = true, comment = "ship it", by = "ana" })))
        {
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        }

        var done = await _sandbox.WaitForEndAsync(id);
        Assert.Equal("Verified", done["output"]!["outcome"]!.ToString());
        Assert.NotNull(done["output"]!["pushedTo"]);
    }

    [Fact]
    public async Task Query_FiltersAndContinuationToken_PageThroughEveryInstance()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _sandbox.StartLoopAsync("gated", instanceId: $"page-{i}"))["id"]!.ToString());
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Api}?instanceIdPrefix=page-&top=2&runtimeStatus=Pending,Running");
            if (token is not null)
            {
                request.Headers.Add("x-ms-continuation-token", token);
            }

            using var response = await _sandbox.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
            Assert.True(page.Count <= 2);
            seen.AddRange(page.Select(p => p!["instanceId"]!.ToString()));
            token = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.Single() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(ids.Order(), seen.Order());
        Assert.True(pages >= 3);

        using var future = await _sandbox.Http.GetAsync($"{Api}?instanceIdPrefix=page-&createdTimeFrom={DateTime.UtcNow.AddHours(1):O}");
        Assert.Empty(JsonNode.Parse(await future.Content.ReadAsStringAsync())!.AsArray());
    }

    [Fact]
    public async Task Start_BadRequests_AreClear4xxAndStartNothing()
    {
        using (var unknownLoop = await _sandbox.Http.PostAsync("/api/loops/nope", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownLoop.StatusCode);
            Assert.Contains("known loops: gated, quick", await unknownLoop.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var malformed = await _sandbox.Http.PostAsync("/api/loops/quick", new StringContent("{oops", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        // The server answers 413 from the Content-Length without reading the body; a client that sends the body
        // unasked can then hit a closed connection (broken pipe), so this one asks first, as HTTP provides.
        using (var hugeRequest = new HttpRequestMessage(HttpMethod.Post, "/api/loops/quick") { Content = new StringContent("\"" + new string('x', 2 * 1024 * 1024) + "\"", Encoding.UTF8, "application/json") })
        {
            hugeRequest.Headers.ExpectContinue = true;
            using var huge = await _sandbox.Http.SendAsync(hugeRequest);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        }

        using (var badId = await _sandbox.Http.PostAsync("/api/loops/quick?instanceId=a%23b", null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        }

        using (var route = await _sandbox.Http.GetAsync("/api/nothing-here"))
        {
            Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
            Assert.Contains("no route for GET /api/nothing-here", await route.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var list = await _sandbox.Http.GetAsync(Api);
        Assert.Empty(JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray());

        _sandbox.WriteLoop("broken", "---\non: manual\nagent: { kind: telepathy }\n---\ngoal\n");
        using var broken = await _sandbox.Http.PostAsync("/api/loops/broken", null);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("broken.md:", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DuplicateLiveInstanceId_IsConflict()
    {
        await _sandbox.StartLoopAsync("gated", instanceId: "only-one");
        using var again = await _sandbox.Http.PostAsync("/api/loops/gated?instanceId=only-one", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }
}

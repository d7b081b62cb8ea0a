using System.Net;
using System.Text.Json.Nodes;

namespace LoopFunctions.Host.Tests.Management;

public sealed partial class DurableCompatibilityTests
{
    [Fact]
    public async Task Get_ShowHistory_HasTheDurableFunctionsShape()
    {
        var id = (await _sandbox.StartLoopAsync("quick", input: new { ticket = 42 }))["id"]!.ToString();
        await _sandbox.WaitForEndAsync(id);

        var events = await HistoryAsync(id, "");
        var types = events.Select(e => e["EventType"]!.ToString()).ToList();
        Assert.Equal("ExecutionStarted", types[0]);
        Assert.Equal("ExecutionCompleted", types[^1]);
        Assert.DoesNotContain("OrchestratorStarted", types);
        Assert.DoesNotContain("OrchestratorCompleted", types);
        Assert.DoesNotContain("TaskScheduled", types);
        Assert.All(events, e => Assert.False(e.ContainsKey("EventId") || e.ContainsKey("IsPlayed") || e.ContainsKey("TaskScheduledId"), e.ToJsonString()));

        var started = events[0];
        Assert.Equal("LoopOrchestrator", started["FunctionName"]!.ToString());
        Assert.Equal("{\"loop\":\"quick\",\"input\":{\"ticket\":42},\"trigger\":{\"kind\":\"http\"}}", started["Input"]!.GetValue<string>());
        Assert.False(started.ContainsKey("Name") || started.ContainsKey("OrchestrationInstance") || started.ContainsKey("Tags"));

        var tasks = events.Where(e => e["EventType"]!.ToString() == "TaskCompleted").ToList();
        Assert.Equal(["LoadPlan", "PrepareWorkspace", "Verify", "RunAgent", "Guard", "Verify", "Commit"], tasks.Select(t => t["FunctionName"]!.ToString()));
        Assert.All(tasks, t =>
        {
            Assert.True(DateTimeOffset.TryParse(t["ScheduledTime"]!.ToString(), out var scheduled) && scheduled <= DateTimeOffset.Parse(t["Timestamp"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
            // Durable Functions writes ScheduledTime with its offset, the event's own Timestamp with Z.
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$", t["ScheduledTime"]!.ToString());
            Assert.True(t.ContainsKey("Input"));
            Assert.False(t.ContainsKey("Result"));
        });

        var completed = events[^1];
        Assert.Equal("Completed", completed["OrchestrationStatus"]!.ToString());
        Assert.False(completed.ContainsKey("Result"));

        Assert.All(await HistoryAsync(id, "&showInput=false"), e => Assert.False(e.ContainsKey("Input"), e.ToJsonString()));

        var withOutput = await HistoryAsync(id, "&showHistoryOutput=true");
        Assert.Equal("Verified", withOutput[^1]["Result"]!["outcome"]!.ToString());
        var plan = withOutput.First(e => e["FunctionName"]?.ToString() == "LoadPlan");
        Assert.Equal("quick", plan["Result"]!["name"]!.ToString());
    }

    [Fact]
    public async Task Query_UnparsableOrUnknownValues_AreIgnoredAsInDurableFunctions()
    {
        await _sandbox.StartLoopAsync("gated", instanceId: "lenient-1");
        await _sandbox.StartLoopAsync("gated", instanceId: "lenient-2");

        Assert.Equal(2, (await ListAsync("&runtimeStatus=Sleeping")).Count);
        Assert.Empty(await ListAsync("&runtimeStatus=Canceled"));
        Assert.Equal(2, (await ListAsync("&runtimeStatus=Canceled,Running,Pending")).Count);
        Assert.Equal(2, (await ListAsync("&runtimeStatus=running&runtimeStatus=pending")).Count);
        Assert.Empty(await ListAsync("&runtimeStatus=Completed,Sleeping"));
        Assert.Equal(2, (await ListAsync("&createdTimeFrom=yesterday&createdTimeTo=soon")).Count);
        Assert.Equal(2, (await ListAsync("&top=abc")).Count);
        Assert.Equal(2, (await ListAsync("&top=0")).Count);
        Assert.Equal(2, (await ListAsync("&showInput=maybe&taskHub=loopfunctions")).Count);

        using (var one = await _sandbox.Http.GetAsync($"{Api}?instanceIdPrefix=lenient-&top=1"))
        {
            Assert.Single(JsonNode.Parse(await one.Content.ReadAsStringAsync())!.AsArray());
            Assert.True(one.Headers.Contains("x-ms-continuation-token"));
        }

        // Another hub of the same SQLite file can be listed (it has no instances); nothing else is answered for it.
        Assert.Empty(await ListAsync("&taskHub=OtherHub"));
        var (status, error) = await _sandbox.GetStatusAsync("lenient-1", "?taskHub=OtherHub");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("serves task hub 'LoopFunctions', not 'OtherHub'", error!["ExceptionMessage"]!.ToString(), StringComparison.Ordinal);

        using var purge = await _sandbox.Http.DeleteAsync($"{Api}?createdTimeFrom=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, purge.StatusCode);
        Assert.Contains("createdTimeFrom", await purge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<List<JsonObject>> HistoryAsync(string id, string query)
    {
        var (status, body) = await _sandbox.GetStatusAsync(id, "?showHistory=true" + query);
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["historyEvents"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }

    private async Task<JsonArray> ListAsync(string query)
    {
        using var response = await _sandbox.Http.GetAsync($"{Api}?instanceIdPrefix=lenient-{query}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsArray();
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;
using static LoopFunctions.Loops.Tests.Agents.ModelServers.ModelAction;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

public sealed class ModelServerTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task ChatCompletions_ResumedHistory_AnswersNewTurnFromItsFirstActionAndSeesContinuation()
    {
        await using var server = await ChatCompletionsModelServer.StartAsync();
        server.WorkingDirectory = "/work";
        server.OnPrompt("[turn-1]", WriteFile("a.txt", "alpha\n"), Reply("Wrote a.txt"))
            .OnPrompt("[turn-2]", WriteFile("b.txt", "beta\n"), Reply("Wrote b.txt"));
        var turn1 = new JsonArray(Message("user", "Create a.txt. [turn-1]"));

        var call = await PostAsync(server, turn1);
        turn1.Add(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = call["choices"]![0]!["message"]!["tool_calls"]!.DeepClone() });
        turn1.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = "c1", ["content"] = "ok" });
        var final = await PostAsync(server, turn1);
        var continuedAfterTurn1 = server.LastRequestContinuedConversation;
        var resumed = JsonNode.Parse(turn1.ToJsonString())!.AsArray();
        resumed.Add(Message("assistant", "Wrote a.txt"));
        resumed.Add(Message("user", "Now b.txt. [turn-2]"));
        var second = await PostAsync(server, resumed);

        Assert.Equal("""{"filePath":"/work/a.txt","content":"alpha\n"}""", call["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("Wrote a.txt", final["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.False(continuedAfterTurn1);
        Assert.Contains("/work/b.txt", second["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(server.LastRequestContinuedConversation);
        Assert.Equal(3, server.ScriptedRequests.Count);
        Assert.Equal(1234, second["usage"]!["prompt_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task ChatCompletions_RequestWithoutTools_IsASideCallOutsideTheScript()
    {
        await using var server = await ChatCompletionsModelServer.StartAsync();
        server.OnAnyPrompt(Reply("scripted"));

        var title = await Http.PostAsJsonAsync(new Uri(server.CliBaseUrl + "/chat/completions"), new JsonObject { ["model"] = "m", ["messages"] = new JsonArray(Message("user", "title this")) });
        var unknown = await Http.GetAsync(new Uri(server.BaseUri, "v1/models"));

        Assert.Contains("Stub title", await title.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(server.ScriptedRequests);
        Assert.Equal(["/v1/chat/completions", "/v1/models"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task OnEachTurn_InterleavedSessions_EachFollowsTheActionsScriptedAtItsFirstRequest()
    {
        await using var server = await ChatCompletionsModelServer.StartAsync();
        var scripted = new List<int>();
        server.OnEachTurn(r => r.Headers.GetValueOrDefault("x-session"), (ordinal, _) =>
        {
            scripted.Add(ordinal);
            return [WriteFile($"{ordinal}.txt", "x\n"), Reply($"turn {ordinal}")];
        });
        var first = new JsonArray(Message("user", "Go."));
        var second = new JsonArray(Message("user", "Go."));

        var a1 = await PostAsync(server, first, "a");
        var b1 = await PostAsync(server, second, "b");
        first.Add(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = a1["choices"]![0]!["message"]!["tool_calls"]!.DeepClone() });
        first.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = "c1", ["content"] = "ok" });
        var a2 = await PostAsync(server, first, "a");
        first.Add(Message("assistant", "turn 0"));
        first.Add(Message("user", "Again."));
        var a3 = await PostAsync(server, first, "a");

        Assert.Contains("0.txt", a1["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("1.txt", b1["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("turn 0", a2["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Contains("2.txt", a3["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([0, 1, 2], scripted);
    }

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    private static async Task<JsonNode> PostAsync(ChatCompletionsModelServer server, JsonArray messages, string? session = null)
    {
        var body = new JsonObject
        {
            ["model"] = "m",
            ["messages"] = messages.DeepClone(),
            ["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "write" } }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.CliBaseUrl + "/chat/completions")) { Content = JsonContent.Create(body) };
        if (session is not null)
        {
            request.Headers.Add("x-session", session);
        }

        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}

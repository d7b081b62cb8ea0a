using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoopFunctions.Loops.Tests.Agents;

/// <summary>One scripted answer of <see cref="StubChatServer"/>.</summary>
internal sealed record StubReply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static StubReply ToolCalls(int inputTokens, int outputTokens, params (string Id, string Name, object Arguments)[] calls)
    {
        var toolCalls = new JsonArray();
        foreach (var (id, name, arguments) in calls)
        {
            toolCalls.Add(new JsonObject
            {
                ["id"] = id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = JsonSerializer.Serialize(arguments) },
            });
        }

        var message = new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = toolCalls };
        return Completion(message, "tool_calls", inputTokens, outputTokens);
    }

    public static StubReply Final(string text, int inputTokens, int outputTokens) =>
        Completion(new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop", inputTokens, outputTokens);

    public static StubReply Error(int status, params (string Name, string Value)[] headers) =>
        new(status, """{"error":{"message":"scripted failure","type":"server_error"}}""", headers.ToDictionary(h => h.Name, h => h.Value));

    private static StubReply Completion(JsonObject message, string finishReason, int inputTokens, int outputTokens)
    {
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = "stub-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = inputTokens,
                ["completion_tokens"] = outputTokens,
                ["total_tokens"] = inputTokens + outputTokens,
            },
        };
        return new StubReply(200, body.ToJsonString());
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>OpenAI chat completions (<c>POST /v1/chat/completions</c>, SSE with a usage chunk, or JSON) for opencode,
/// whose write tool is <c>write{filePath,content}</c>. Give the CLI <see cref="CliBaseUrl"/> as the provider's
/// <c>options.baseURL</c>.</summary>
internal sealed class ChatCompletionsModelServer : ModelServer
{
    public override string CliBaseUrl => new Uri(BaseUri, "v1").ToString();

    public static Task<ChatCompletionsModelServer> StartAsync() => StartAsync(new ChatCompletionsModelServer());

    protected override void Map(WebApplication app) => app.MapPost("/v1/chat/completions", HandleAsync);

    protected override IReadOnlyList<ConversationItem> ReadConversation(JsonElement body)
    {
        var items = new List<ConversationItem>();
        foreach (var message in body.GetProperty("messages").EnumerateArray())
        {
            var role = message.GetProperty("role").GetString();
            var text = message.TryGetProperty("content", out var content) ? Text(content) : "";
            switch (role)
            {
                case "user":
                    items.Add(new(ConversationItemKind.UserText, text));
                    break;
                case "tool":
                    items.Add(new(ConversationItemKind.ToolResult, text));
                    break;
                case "assistant":
                    if (text.Length > 0)
                    {
                        items.Add(new(ConversationItemKind.AssistantText, text));
                    }

                    if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                    {
                        items.AddRange(calls.EnumerateArray().Select(c => new ConversationItem(ConversationItemKind.ToolCall, c.ToString())));
                    }

                    break;
            }
        }

        return items;
    }

    private static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString()!,
        JsonValueKind.Array => string.Join("\n", content.EnumerateArray().Where(p => p.TryGetProperty("text", out _)).Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };

    private async Task HandleAsync(HttpContext context)
    {
        var body = await BodyJsonAsync(context);
        var model = body.TryGetProperty("model", out var m) ? m.GetString() : "stub-model";
        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var hasTools = body.TryGetProperty("tools", out var tools) && tools.GetArrayLength() > 0;
        ModelAction action;
        if (hasTools)
        {
            action = await NextActionAsync(context);
        }
        else
        {
            // opencode's title call and other side calls carry no tools.
            await RecordAsync(context, scripted: false);
            action = ModelAction.Reply("Stub title");
        }

        JsonObject message;
        string finish;
        if (action is WriteFileAction write)
        {
            var arguments = new JsonObject { ["filePath"] = ResolvePath(write.Path), ["content"] = write.Content };
            message = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["id"] = NewId("call_"),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = "write", ["arguments"] = arguments.ToJsonString() },
                }),
            };
            finish = "tool_calls";
        }
        else
        {
            message = new JsonObject { ["role"] = "assistant", ["content"] = ((ReplyAction)action).Text };
            finish = "stop";
        }

        var usage = new JsonObject
        {
            ["prompt_tokens"] = Usage.Input,
            ["completion_tokens"] = Usage.Output,
            ["total_tokens"] = Usage.Input + Usage.Output,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = Usage.Cached },
        };
        var id = NewId("chatcmpl-");
        JsonObject Chunk(JsonArray choices, JsonObject? chunkUsage = null) => new()
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = 1_700_000_000, ["model"] = model,
            ["choices"] = choices, ["usage"] = chunkUsage,
        };
        if (!stream)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = 1_700_000_000, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
                ["usage"] = usage,
            });
            return;
        }

        await WriteSseAsync(context,
        [
            (null, Chunk(new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = message, ["finish_reason"] = null }))),
            (null, Chunk(new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject(), ["finish_reason"] = finish }))),
            (null, Chunk([], usage)),
        ]);
        await WriteSseDoneAsync(context);
    }
}

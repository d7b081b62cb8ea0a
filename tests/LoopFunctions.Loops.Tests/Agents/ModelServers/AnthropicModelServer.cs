using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>Anthropic Messages (<c>POST /v1/messages</c>, SSE or not, any query string) for Claude Code, whose write
/// tool is <c>Write{file_path,content}</c> with an absolute path. Give the CLI <see cref="CliBaseUrl"/> as
/// <c>ANTHROPIC_BASE_URL</c>.</summary>
internal sealed class AnthropicModelServer : ModelServer
{
    public override string CliBaseUrl => BaseUri.ToString().TrimEnd('/');

    public static Task<AnthropicModelServer> StartAsync() => StartAsync(new AnthropicModelServer());

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v1/messages", HandleAsync);
        app.MapPost("/v1/messages/count_tokens", async context =>
        {
            await RecordAsync(context, scripted: false);
            await context.Response.WriteAsJsonAsync(new { input_tokens = Usage.Input });
        });
    }

    protected override IReadOnlyList<ConversationItem> ReadConversation(JsonElement body)
    {
        var items = new List<ConversationItem>();
        foreach (var message in body.GetProperty("messages").EnumerateArray())
        {
            var user = message.GetProperty("role").GetString() == "user";
            var content = message.GetProperty("content");
            if (content.ValueKind == JsonValueKind.String)
            {
                items.Add(new(user ? ConversationItemKind.UserText : ConversationItemKind.AssistantText, content.GetString()!));
                continue;
            }

            var blocks = content.EnumerateArray().ToList();
            var texts = string.Join("\n", blocks.Where(b => Type(b) == "text").Select(b => b.GetProperty("text").GetString()));
            // A user message that carries tool results answers the model; its text blocks are reminders the CLI adds.
            if (blocks.Any(b => Type(b) == "tool_result"))
            {
                items.AddRange(blocks.Where(b => Type(b) == "tool_result").Select(b => new ConversationItem(ConversationItemKind.ToolResult, b.ToString())));
            }
            else if (user)
            {
                items.Add(new(ConversationItemKind.UserText, texts));
            }
            else
            {
                items.AddRange(blocks.Where(b => Type(b) == "text").Select(b => new ConversationItem(ConversationItemKind.AssistantText, b.GetProperty("text").GetString()!)));
                items.AddRange(blocks.Where(b => Type(b) == "tool_use").Select(b => new ConversationItem(ConversationItemKind.ToolCall, b.ToString())));
            }
        }

        return items;
    }

    private static string? Type(JsonElement block) => block.TryGetProperty("type", out var type) ? type.GetString() : null;

    private async Task HandleAsync(HttpContext context)
    {
        var body = await BodyJsonAsync(context);
        var model = body.TryGetProperty("model", out var m) ? m.GetString() : "claude-stub";
        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var hasTools = body.TryGetProperty("tools", out var tools) && tools.GetArrayLength() > 0;
        ModelAction action;
        if (hasTools)
        {
            action = await NextActionAsync(context);
        }
        else
        {
            // A side call (a title, a quota probe): plain text, not part of the scenario.
            await RecordAsync(context, scripted: false);
            action = ModelAction.Reply("Stub side answer");
        }

        var (block, stopReason) = action switch
        {
            WriteFileAction write => (new JsonObject
            {
                ["type"] = "tool_use",
                ["id"] = NewId("toolu_"),
                ["name"] = "Write",
                ["input"] = new JsonObject { ["file_path"] = ResolvePath(write.Path), ["content"] = write.Content },
            }, "tool_use"),
            ReadFileAction read => (new JsonObject
            {
                ["type"] = "tool_use",
                ["id"] = NewId("toolu_"),
                ["name"] = "Read",
                ["input"] = new JsonObject { ["file_path"] = ResolvePath(read.Path) },
            }, "tool_use"),
            ReplyAction reply => (new JsonObject { ["type"] = "text", ["text"] = reply.Text }, "end_turn"),
            _ => throw new InvalidOperationException(action.ToString()),
        };
        var usage = new JsonObject
        {
            ["input_tokens"] = Usage.Input - Usage.Cached,
            ["output_tokens"] = Usage.Output,
            ["cache_creation_input_tokens"] = 0,
            ["cache_read_input_tokens"] = Usage.Cached,
        };
        var id = NewId("msg_");
        if (!stream)
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = id, ["type"] = "message", ["role"] = "assistant", ["model"] = model,
                ["content"] = new JsonArray(block), ["stop_reason"] = stopReason, ["stop_sequence"] = null, ["usage"] = usage,
            });
            return;
        }

        // The block starts empty and its body comes as one delta, the way the API streams it.
        var start = block.DeepClone().AsObject();
        JsonObject delta;
        if (start["type"]!.GetValue<string>() == "tool_use")
        {
            start["input"] = new JsonObject();
            delta = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = block["input"]!.ToJsonString() };
        }
        else
        {
            start["text"] = "";
            delta = new JsonObject { ["type"] = "text_delta", ["text"] = block["text"]!.GetValue<string>() };
        }

        await WriteSseAsync(context,
        [
            ("message_start", new JsonObject
            {
                ["type"] = "message_start",
                ["message"] = new JsonObject
                {
                    ["id"] = id, ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = new JsonArray(),
                    ["stop_reason"] = null, ["stop_sequence"] = null, ["usage"] = usage.DeepClone(),
                },
            }),
            ("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = start }),
            ("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = delta }),
            ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 }),
            ("message_delta", new JsonObject
            {
                ["type"] = "message_delta",
                ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
                ["usage"] = usage.DeepClone(),
            }),
            ("message_stop", new JsonObject { ["type"] = "message_stop" }),
        ]);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>OpenAI Responses (<c>POST /v1/responses</c>, SSE) for Codex. A file is written with the request's own
/// tool: the <c>apply_patch</c> custom (or function) tool when the model name gets it, else <c>exec_command</c> or
/// <c>shell</c> running printf. Give the CLI <see cref="CliBaseUrl"/> as its provider's <c>base_url</c>.</summary>
internal sealed class ResponsesModelServer : ModelServer
{
    // Codex sends its environment and instructions as user messages; they are context, not the user's prompt.
    private static readonly string[] ContextPrefixes = ["<environment_context>", "<user_instructions>", "# AGENTS.md", "<INSTRUCTIONS>", "<permissions"];

    public override string CliBaseUrl => new Uri(BaseUri, "v1").ToString();

    public static Task<ResponsesModelServer> StartAsync() => StartAsync(new ResponsesModelServer());

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v1/responses", HandleAsync);
        app.MapGet("/v1/models", async context =>
        {
            await RecordAsync(context, scripted: false);
            await context.Response.WriteAsJsonAsync(new { @object = "list", data = Array.Empty<object>() });
        });
    }

    protected override IReadOnlyList<ConversationItem> ReadConversation(JsonElement body)
    {
        var items = new List<ConversationItem>();
        foreach (var item in body.GetProperty("input").EnumerateArray())
        {
            var type = item.TryGetProperty("type", out var t) ? t.GetString() : "message";
            switch (type)
            {
                case "message":
                    var role = item.GetProperty("role").GetString();
                    var text = Text(item.GetProperty("content"));
                    if (role == "user" && !ContextPrefixes.Any(p => text.TrimStart().StartsWith(p, StringComparison.Ordinal)))
                    {
                        items.Add(new(ConversationItemKind.UserText, text));
                    }
                    else if (role == "assistant")
                    {
                        items.Add(new(ConversationItemKind.AssistantText, text));
                    }

                    break;
                case "function_call" or "custom_tool_call" or "local_shell_call":
                    items.Add(new(ConversationItemKind.ToolCall, item.ToString()));
                    break;
                case "function_call_output" or "custom_tool_call_output":
                    items.Add(new(ConversationItemKind.ToolResult, item.ToString()));
                    break;
            }
        }

        return items;
    }

    private static string Text(JsonElement content) =>
        content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Join("\n", content.EnumerateArray().Where(p => p.TryGetProperty("text", out _)).Select(p => p.GetProperty("text").GetString()));

    private async Task HandleAsync(HttpContext context)
    {
        var body = await BodyJsonAsync(context);
        var tools = body.TryGetProperty("tools", out var t) ? t.EnumerateArray().ToList() : [];
        ModelAction action;
        if (tools.Count > 0)
        {
            action = await NextActionAsync(context);
        }
        else
        {
            await RecordAsync(context, scripted: false);
            action = ModelAction.Reply("Stub side answer");
        }

        var item = action switch
        {
            WriteFileAction write => WriteItem(tools, write),
            ReplyAction reply => new JsonObject
            {
                ["type"] = "message",
                ["id"] = NewId("msg_"),
                ["role"] = "assistant",
                ["status"] = "completed",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = reply.Text, ["annotations"] = new JsonArray() }),
            },
            _ => throw new InvalidOperationException(action.ToString()),
        };
        var id = NewId("resp_");
        await WriteSseAsync(context,
        [
            ("response.created", new JsonObject { ["type"] = "response.created", ["response"] = new JsonObject { ["id"] = id } }),
            ("response.output_item.done", new JsonObject { ["type"] = "response.output_item.done", ["output_index"] = 0, ["item"] = item }),
            ("response.completed", new JsonObject
            {
                ["type"] = "response.completed",
                ["response"] = new JsonObject
                {
                    ["id"] = id,
                    ["usage"] = new JsonObject
                    {
                        ["input_tokens"] = Usage.Input,
                        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = Usage.Cached },
                        ["output_tokens"] = Usage.Output,
                        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                        ["total_tokens"] = Usage.Input + Usage.Output,
                    },
                },
            }),
        ]);
    }

    private JsonObject WriteItem(List<JsonElement> tools, WriteFileAction write)
    {
        var callId = NewId("call_");
        var tool = tools.FirstOrDefault(t => Name(t) == "apply_patch");
        if (tool.ValueKind != JsonValueKind.Undefined)
        {
            // apply_patch's Add File writes the whole file, replacing one that exists; its lines end with \n.
            var lines = write.Content.TrimEnd('\n').Split('\n').Select(line => "+" + line);
            var patch = $"*** Begin Patch\n*** Add File: {write.Path}\n{string.Join("\n", lines)}\n*** End Patch\n";
            return tool.GetProperty("type").GetString() == "custom"
                ? new JsonObject { ["type"] = "custom_tool_call", ["id"] = NewId("ctc_"), ["call_id"] = callId, ["name"] = "apply_patch", ["input"] = patch, ["status"] = "completed" }
                : FunctionCall(callId, "apply_patch", new JsonObject { ["input"] = patch });
        }

        var script = $"printf '%s' {Quote(write.Content)} > {Quote(write.Path)}";
        return tools.Any(t => Name(t) == "exec_command")
            ? FunctionCall(callId, "exec_command", new JsonObject { ["cmd"] = script })
            : FunctionCall(callId, "shell", new JsonObject { ["command"] = new JsonArray("bash", "-lc", script) });
    }

    private static JsonObject FunctionCall(string callId, string name, JsonObject arguments) => new()
    {
        ["type"] = "function_call", ["id"] = NewId("fc_"), ["call_id"] = callId, ["name"] = name, ["arguments"] = arguments.ToJsonString(),
    };

    private static string? Name(JsonElement tool) => tool.TryGetProperty("name", out var name) ? name.GetString() : null;

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>Gemini <c>POST /v1beta/models/{model}:streamGenerateContent?alt=sse</c> (and <c>:generateContent</c>,
/// <c>:countTokens</c>) for Gemini CLI, whose write tool is <c>write_file{file_path,content}</c>. Give the CLI
/// <see cref="CliBaseUrl"/> as <c>GOOGLE_GEMINI_BASE_URL</c>.</summary>
internal sealed class GeminiModelServer : ModelServer
{
    public override string CliBaseUrl => BaseUri.ToString().TrimEnd('/');

    public static Task<GeminiModelServer> StartAsync() => StartAsync(new GeminiModelServer());

    protected override void Map(WebApplication app) => app.MapPost("/{version}/models/{call}", HandleAsync);

    protected override IReadOnlyList<ConversationItem> ReadConversation(JsonElement body)
    {
        var items = new List<ConversationItem>();
        foreach (var content in body.GetProperty("contents").EnumerateArray())
        {
            var user = !content.TryGetProperty("role", out var role) || role.GetString() == "user";
            var parts = content.GetProperty("parts").EnumerateArray().ToList();
            var results = parts.Where(p => p.TryGetProperty("functionResponse", out _)).ToList();
            if (results.Count > 0)
            {
                items.AddRange(results.Select(p => new ConversationItem(ConversationItemKind.ToolResult, p.ToString())));
                continue;
            }

            var texts = parts.Where(p => p.TryGetProperty("text", out _) && !p.TryGetProperty("thought", out _))
                .Select(p => p.GetProperty("text").GetString()!).ToList();
            if (user)
            {
                items.Add(new(ConversationItemKind.UserText, string.Join("\n", texts)));
                continue;
            }

            items.AddRange(texts.Select(text => new ConversationItem(ConversationItemKind.AssistantText, text)));
            items.AddRange(parts.Where(p => p.TryGetProperty("functionCall", out _)).Select(p => new ConversationItem(ConversationItemKind.ToolCall, p.ToString())));
        }

        return items;
    }

    private async Task HandleAsync(HttpContext context, string call)
    {
        var separator = call.LastIndexOf(':');
        var model = separator < 0 ? call : call[..separator];
        var method = separator < 0 ? "" : call[(separator + 1)..];
        var body = await BodyJsonAsync(context);
        if (method == "countTokens")
        {
            await RecordAsync(context, scripted: false);
            await context.Response.WriteAsJsonAsync(new { totalTokens = Usage.Input });
            return;
        }

        var hasTools = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("tools", out var tools)
            && tools.EnumerateArray().Any(t => t.TryGetProperty("functionDeclarations", out _));
        JsonObject part;
        if (hasTools)
        {
            part = await NextActionAsync(context) switch
            {
                WriteFileAction write => new JsonObject
                {
                    ["functionCall"] = new JsonObject
                    {
                        ["name"] = "write_file",
                        ["args"] = new JsonObject { ["file_path"] = ResolvePath(write.Path), ["content"] = write.Content },
                    },
                },
                ReplyAction reply => new JsonObject { ["text"] = reply.Text },
                var other => throw new InvalidOperationException(other.ToString()),
            };
        }
        else
        {
            // A side call (the model router, a next-speaker check): it asks for JSON when it wants a decision.
            await RecordAsync(context, scripted: false);
            var json = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("generationConfig", out var config)
                && config.TryGetProperty("responseMimeType", out var mime) && mime.GetString() == "application/json";
            part = new JsonObject
            {
                ["text"] = json ? """{"reasoning":"stub","next_speaker":"user","model_choice":"flash"}""" : "Stub side answer",
            };
        }

        var response = new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(part) },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = Usage.Input,
                ["candidatesTokenCount"] = Usage.Output,
                ["cachedContentTokenCount"] = Usage.Cached,
                ["totalTokenCount"] = Usage.Input + Usage.Output,
            },
            ["modelVersion"] = model,
        };
        if (method == "streamGenerateContent")
        {
            await WriteSseAsync(context, [(null, response)]);
        }
        else
        {
            await context.Response.WriteAsJsonAsync(response);
        }
    }
}

using System.Text.Json;

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>
/// Turns a coding CLI's machine output into transcript entries as it comes: Claude Code's stream-json, Codex's and
/// opencode's JSON lines, one event per line (messages, tool calls with their arguments, tool results, usage,
/// errors); Gemini CLI prints one JSON document at its end, read when the run ends. A stdout line that is no JSON
/// object is kept as output.
/// </summary>
public sealed class CliTranscript(string kind, TranscriptWriter writer)
{
    private readonly string _kind = kind ?? throw new ArgumentNullException(nameof(kind));
    private readonly TranscriptWriter _writer = writer ?? throw new ArgumentNullException(nameof(writer));

    /// <summary>Records one line of the CLI's stdout.</summary>
    public void Line(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (_kind == "gemini")
        {
            return; // its document spans many lines; see Complete
        }

        var text = line.Trim();
        if (text.Length == 0)
        {
            return;
        }

        if (Parse(text) is not { } element)
        {
            _writer.Output(line);
            return;
        }

        switch (_kind)
        {
            case "claude":
                Claude(element);
                break;
            case "codex":
                Codex(element);
                break;
            case "opencode":
                OpenCode(element);
                break;
            default:
                _writer.Output(line);
                break;
        }
    }

    /// <summary>Records what can only be read from the whole output once the CLI ended.</summary>
    public void Complete(string stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (_kind != "gemini")
        {
            return;
        }

        var start = stdout.IndexOf('{', StringComparison.Ordinal);
        if (start < 0 || Parse(stdout[start..].Trim()) is not { } document)
        {
            if (stdout.Trim().Length > 0)
            {
                _writer.Output(stdout.Trim());
            }

            return;
        }

        if (Get(document, "stats", "tools", "byName") is { ValueKind: JsonValueKind.Object } tools)
        {
            foreach (var tool in tools.EnumerateObject())
            {
                _writer.ToolCall(tool.Name, tool.Value.GetRawText());
            }
        }

        if (Text(document, "response") is { } response)
        {
            _writer.Message(response);
        }

        if (Get(document, "error") is { } error)
        {
            _writer.Error(Text(error, "message") ?? error.GetRawText());
        }

        if (Get(document, "stats", "models") is { } models)
        {
            _writer.Usage(models.GetRawText());
        }
    }

    private void Claude(JsonElement e)
    {
        switch (Text(e, "type"))
        {
            case "system":
                _writer.Message($"{Text(e, "subtype") ?? "system"}: model {Text(e, "model") ?? "?"}, session {Text(e, "session_id") ?? "?"}");
                break;
            case "assistant" or "user" when Get(e, "message", "content") is { ValueKind: JsonValueKind.Array } content:
                foreach (var part in content.EnumerateArray())
                {
                    switch (Text(part, "type"))
                    {
                        case "text" when Text(part, "text") is { } text:
                            _writer.Message(text);
                            break;
                        case "tool_use":
                            _writer.ToolCall(Text(part, "name") ?? "tool", Get(part, "input")?.GetRawText() ?? "{}");
                            break;
                        case "tool_result":
                            var result = Get(part, "content") is { ValueKind: JsonValueKind.Array } parts
                                ? string.Join('\n', parts.EnumerateArray().Select(p => Text(p, "text")).OfType<string>())
                                : Text(part, "content") ?? "";
                            _writer.Write(Get(part, "is_error") is { ValueKind: JsonValueKind.True } ? TranscriptKind.Error : TranscriptKind.ToolResult, result, Text(part, "tool_use_id"));
                            break;
                    }
                }

                break;
            case "result":
                _writer.Usage(Usage(e, "usage", "total_cost_usd", "num_turns"));
                if (Get(e, "is_error") is { ValueKind: JsonValueKind.True })
                {
                    _writer.Error(Text(e, "result") ?? Text(e, "subtype") ?? "error");
                }

                break;
        }
    }

    private void Codex(JsonElement e)
    {
        switch (Text(e, "type"))
        {
            case "item.started" or "item.completed" when Get(e, "item") is { } item:
                var done = Text(e, "type") == "item.completed";
                switch (Text(item, "type"))
                {
                    case "agent_message" when done:
                        _writer.Message(Text(item, "text") ?? "");
                        break;
                    case "command_execution" when !done:
                        _writer.ToolCall("command", Text(item, "command") ?? item.GetRawText());
                        break;
                    case "command_execution":
                        _writer.ToolResult("command", $"exit code {Get(item, "exit_code")?.GetRawText() ?? "?"}\n{Text(item, "aggregated_output")}".TrimEnd());
                        break;
                    case "file_change" when done:
                        _writer.ToolCall("file_change", Get(item, "changes")?.GetRawText() ?? "[]");
                        if (Text(item, "status") == "failed")
                        {
                            _writer.Error("file change failed");
                        }

                        break;
                    case "error":
                        _writer.Error(Text(item, "message") ?? item.GetRawText());
                        break;
                    case "reasoning" or "agent_message" or "file_change":
                        break;
                    default:
                        if (done)
                        {
                            _writer.ToolCall(Text(item, "tool") ?? Text(item, "type") ?? "item", item.GetRawText());
                        }

                        break;
                }

                break;
            case "turn.completed":
                _writer.Usage(Usage(e, "usage"));
                break;
            case "turn.failed" or "error":
                _writer.Error(Text(e, "error", "message") ?? Text(e, "message") ?? e.GetRawText());
                break;
        }
    }

    private void OpenCode(JsonElement e)
    {
        var part = Get(e, "part") ?? default;
        switch (Text(e, "type"))
        {
            case "tool_use":
                var tool = Text(part, "tool") ?? "tool";
                _writer.ToolCall(tool, Get(part, "state", "input")?.GetRawText() ?? "{}");
                if (Text(part, "state", "status") == "error")
                {
                    _writer.Error($"{tool} failed: {Text(part, "state", "error") ?? "no detail"}");
                }
                else if (Text(part, "state", "output") is { } output)
                {
                    _writer.ToolResult(tool, output);
                }

                break;
            case "text" when Text(part, "text") is { } text:
                _writer.Message(text);
                break;
            case "step_finish":
                _writer.Usage(Usage(part, "tokens", "cost"));
                break;
            case "error":
                _writer.Error(Text(e, "error", "data", "message") ?? Text(e, "error", "name") ?? e.GetRawText());
                break;
        }
    }

    /// <summary>The named properties of <paramref name="e"/> as one compact JSON object.</summary>
    private static string Usage(JsonElement e, params string[] names) =>
        "{" + string.Join(",", names.Where(n => Get(e, n) is not null).Select(n => $"\"{n}\":{Get(e, n)!.Value.GetRawText()}")) + "}";

    private static JsonElement? Parse(string text)
    {
        if (!text.StartsWith('{') || !text.EndsWith('}'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Get(JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    private static string? Text(JsonElement element, params string[] path) =>
        Get(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}

using System.Text.Json.Nodes;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>
/// The headless command lines that drive each real CLI against a test model server, with the prompt on stdin
/// (never in argv: prompts can hold untrusted text) and the telemetry, update and plugin traffic switched off.
/// </summary>
internal static class AgentCliCommands
{
    public const string ClaudeModel = "claude-sonnet-4-5";
    public const string CodexModel = "gpt-5.5";
    public const string GeminiModel = "gemini-2.5-flash";
    public const string OpencodeModel = "stub/stub-model";

    /// <summary><c>claude -p</c> reads the prompt from stdin. Without <paramref name="acceptEdits"/> a Write is denied
    /// (rc 0, listed in <c>permission_denials</c>).</summary>
    public static AgentCliInvocation Claude(ModelServer server, string? resumeSessionId = null, bool acceptEdits = true)
    {
        List<string> argv = [AgentClis.Path("claude"), "-p", "--output-format", "json", "--model", ClaudeModel];
        if (acceptEdits)
        {
            argv.AddRange(["--permission-mode", "acceptEdits"]);
        }

        if (resumeSessionId is not null)
        {
            argv.AddRange(["--resume", resumeSessionId]);
        }

        return new(argv, new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = server.CliBaseUrl,
            ["ANTHROPIC_API_KEY"] = "stub-key",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
        });
    }

    /// <summary><c>codex exec … -</c> reads the prompt from stdin; <c>codex exec resume &lt;thread_id&gt; -</c> continues.
    /// <paramref name="sandboxMode"/> null bypasses approvals and sandbox; else <c>-s</c> with it (workspace-write).</summary>
    public static AgentCliInvocation Codex(ModelServer server, string? resumeThreadId = null, string? sandboxMode = null)
    {
        List<string> argv = [AgentClis.Path("codex"), "exec"];
        if (resumeThreadId is not null)
        {
            argv.AddRange(["resume", resumeThreadId]);
        }

        argv.AddRange(["--json", "--skip-git-repo-check", "-m", CodexModel]);
        argv.AddRange(sandboxMode is null ? ["--dangerously-bypass-approvals-and-sandbox"] : ["-s", sandboxMode]);
        argv.AddRange([
            "-c", "model_provider=stub",
            "-c", $"model_providers.stub={{name=\"stub\",base_url=\"{server.CliBaseUrl}\",wire_api=\"responses\",env_key=\"STUB_API_KEY\"}}",
            "-c", "analytics.enabled=false",
            "-c", "check_for_update_on_startup=false",
            "--disable", "plugins",
            "--disable", "remote_plugin",
            "-",
        ]);
        return new(argv, new Dictionary<string, string> { ["STUB_API_KEY"] = "stub-key" });
    }

    /// <summary>gemini reads the prompt from stdin when it is not a terminal. Its auth type has to be set in
    /// settings, here <c>~/.gemini/settings.json</c> of the sandbox's home.</summary>
    public static AgentCliInvocation Gemini(ModelServer server, AgentCliSandbox sandbox, string? resume = null)
    {
        var settings = new JsonObject
        {
            ["security"] = new JsonObject { ["auth"] = new JsonObject { ["selectedType"] = "gemini-api-key" } },
            ["privacy"] = new JsonObject { ["usageStatisticsEnabled"] = false },
            ["general"] = new JsonObject { ["disableAutoUpdate"] = true, ["disableUpdateNag"] = true },
        };
        var dir = Path.Combine(sandbox.Home, ".gemini");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "settings.json"), settings.ToJsonString());
        List<string> argv = [AgentClis.Path("gemini"), "--output-format", "json", "--yolo", "--skip-trust", "-m", GeminiModel];
        if (resume is not null)
        {
            argv.AddRange(["--resume", resume]);
        }

        return new(argv, new Dictionary<string, string>
        {
            ["GOOGLE_GEMINI_BASE_URL"] = server.CliBaseUrl,
            ["GEMINI_API_KEY"] = "stub-key",
        });
    }

    /// <summary><c>opencode run</c> without a message argument takes stdin as the message; the provider comes from
    /// <c>OPENCODE_CONFIG_CONTENT</c>. A fresh home still makes it <c>npm install @opencode-ai/plugin</c> into
    /// <c>$XDG_CONFIG_HOME/opencode</c> in the background (no switch turns that off; a failure is only logged).</summary>
    public static AgentCliInvocation Opencode(ModelServer server, string? sessionId = null)
    {
        var config = new JsonObject
        {
            ["$schema"] = "https://opencode.ai/config.json",
            ["provider"] = new JsonObject
            {
                ["stub"] = new JsonObject
                {
                    ["npm"] = "@ai-sdk/openai-compatible",
                    ["name"] = "Stub",
                    ["options"] = new JsonObject { ["baseURL"] = server.CliBaseUrl, ["apiKey"] = "stub-key" },
                    ["models"] = new JsonObject
                    {
                        ["stub-model"] = new JsonObject
                        {
                            ["name"] = "Stub model",
                            ["cost"] = new JsonObject { ["input"] = 1.0, ["output"] = 2.0, ["cache_read"] = 0.5 },
                            ["limit"] = new JsonObject { ["context"] = 200_000, ["output"] = 8_000 },
                        },
                    },
                },
            },
            ["model"] = OpencodeModel,
            ["small_model"] = OpencodeModel,
            ["autoupdate"] = false,
            ["share"] = "disabled",
            ["permission"] = new JsonObject { ["edit"] = "allow", ["bash"] = "allow" },
        };
        List<string> argv = [AgentClis.Path("opencode"), "run", "--format", "json", "-m", OpencodeModel];
        if (sessionId is not null)
        {
            argv.AddRange(["--session", sessionId]);
        }

        return new(argv, new Dictionary<string, string>
        {
            ["OPENCODE_CONFIG_CONTENT"] = config.ToJsonString(),
            ["OPENCODE_DISABLE_MODELS_FETCH"] = "1",
            ["OPENCODE_DISABLE_AUTOUPDATE"] = "1",
            ["OPENCODE_DISABLE_LSP_DOWNLOAD"] = "1",
            // Its background plugin install would reach the npm registry: tests stay on loopback.
            ["npm_config_offline"] = "true",
        });
    }
}

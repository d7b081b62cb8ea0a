using LoopFunctions.Loops.Orchestration;
using LoopFunctions.Loops.Tests.Agents;
using LoopFunctions.Loops.Tests.TestSupport;
using LoopFunctions.Loops.Tests.Workspace;

namespace LoopFunctions.Loops.Tests.Orchestration;

/// <summary>
/// The set-up of the loop flow tests that run the real <c>openai</c> agent against the OpenAI-compatible stub: a git
/// sandbox, a <c>loops</c> folder whose check passes once <c>src/app.txt</c> says fixed, and the API key in an
/// environment variable of the test class's own (test classes run in parallel, each with its own key).
/// </summary>
internal sealed class StubAgentLoops(string keySetting, string key) : IAsyncLifetime
{
    private readonly GitSandbox _git = new();

    /// <summary>The folder the clones go to (<c>LoopRunnerOptions.WorkRoot</c>).</summary>
    public string WorkRoot => _git.WorkRoot;

    private string Loops => Path.Combine(_git.Root, "loops");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(keySetting, key);
        await _git.InitializeAsync();
        Directory.CreateDirectory(Loops);
        Scripts.Write(Path.Combine(Loops, "check.sh"), "grep -q fixed src/app.txt\n");
    }

    public Task DisposeAsync() => _git.DisposeAsync();

    /// <summary>The stub's two replies that fix the file: a write_file call, then the final answer.</summary>
    public static StubReply[] Fixes() =>
    [
        StubReply.ToolCalls(500, 60, ("call_1", "write_file", new { path = "src/app.txt", content = "one\ntwo\nfixed\n" })),
        StubReply.Final("Fixed src/app.txt.", 700, 40),
    ];

    /// <summary>Writes <c>loops/{name}.md</c>: the openai agent against <paramref name="server"/> with
    /// <paramref name="model"/> as its model lines (e.g. <c>model: gpt-4.1-mini</c>; a further line indented by two),
    /// the check, then <paramref name="rest"/>, the rest of the front matter (each line ending in a newline).</summary>
    public void WriteLoop(string name, StubChatServer server, string model, string rest) =>
        File.WriteAllText(Path.Combine(Loops, name + ".md"), $"""
            ---
            workspace:
              repository: {_git.Remote}
            agent:
              kind: openai
              {model}
              endpoint: {server.OpenAiEndpoint}
              api_key_env: {keySetting}
              max_output_tokens: 1000
            verify:
              - command: [sh, "{"{loop_dir}"}/check.sh"]
            {rest}---
            Make src/app.txt say fixed.
            """);

    /// <summary>The request that runs <c>loops/{name}.md</c> as the loop <paramref name="name"/>.</summary>
    public LoopRunRequest Request(string name) => new(name, Path.Combine(Loops, name + ".md"));
}

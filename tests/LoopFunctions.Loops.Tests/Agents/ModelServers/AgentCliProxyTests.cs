using Xunit;
using Xunit.Abstractions;
using static LoopFunctions.Loops.Tests.Agents.ModelServers.ModelAction;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>
/// Each CLI sends its model traffic through HTTP(S)_PROXY even to a loopback endpoint (127.0.0.1 or localhost: no
/// implicit bypass) and honours NO_PROXY for it. A sandbox that forces egress through a proxy must therefore put the
/// model endpoint in NO_PROXY, or let the proxy reach it.
/// </summary>
public sealed class AgentCliProxyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("claude", "127.0.0.1", false)]
    [InlineData("claude", "127.0.0.1", true)]
    [InlineData("claude", "localhost", false)]
    [InlineData("codex", "127.0.0.1", false)]
    [InlineData("codex", "127.0.0.1", true)]
    [InlineData("codex", "localhost", false)]
    [InlineData("gemini", "127.0.0.1", false)]
    [InlineData("gemini", "127.0.0.1", true)]
    [InlineData("gemini", "localhost", false)]
    [InlineData("opencode", "127.0.0.1", false)]
    [InlineData("opencode", "127.0.0.1", true)]
    [InlineData("opencode", "localhost", false)]
    public async Task Run_ProxyVariablesOnLoopbackEndpoint_ModelTrafficGoesThroughProxyUnlessNoProxy(string cli, string host, bool noProxy)
    {
        await using var proxy = new RecordingProxy();
        using var sandbox = await AgentCliSandbox.CreateAsync();
        await using ModelServer server = cli switch
        {
            "claude" => await AnthropicModelServer.StartAsync(),
            "codex" => await ResponsesModelServer.StartAsync(),
            "gemini" => await GeminiModelServer.StartAsync(),
            _ => await ChatCompletionsModelServer.StartAsync(),
        };
        server.WorkingDirectory = sandbox.Workspace;
        server.OnAnyPrompt(WriteFile("a.txt", "alpha\n"), Reply("Wrote a.txt"));
        var invocation = cli switch
        {
            "claude" => AgentCliCommands.Claude(server),
            "codex" => AgentCliCommands.Codex(server),
            "gemini" => AgentCliCommands.Gemini(server, sandbox),
            _ => AgentCliCommands.Opencode(server),
        };
        var environment = invocation.Environment.ToDictionary(e => e.Key, e => e.Value.Replace("127.0.0.1", host, StringComparison.Ordinal));
        foreach (var (name, value) in proxy.Environment())
        {
            environment[name] = value;
        }

        if (noProxy)
        {
            environment["NO_PROXY"] = environment["no_proxy"] = "127.0.0.1,localhost";
        }

        var argv = invocation.Argv.Select(a => a.Replace("127.0.0.1", host, StringComparison.Ordinal)).ToList();
        var result = await sandbox.RunAsync(argv, "Create a.txt.", environment);

        output.WriteLine($"{cli} {host} noProxy={noProxy}: rc={result.ExitCode} timedOut={result.TimedOut} {result.Elapsed.TotalSeconds:F1}s edited={File.Exists(Path.Combine(sandbox.Workspace, "a.txt"))}");
        output.WriteLine($"server got {server.Requests.Count}: {string.Join(", ", server.Requests.Select(r => r.Path))}");
        output.WriteLine($"proxy got {proxy.RequestLines.Count}:\n  {string.Join("\n  ", proxy.RequestLines)}");
        output.WriteLine($"stderr: {result.StandardError[..Math.Min(2000, result.StandardError.Length)]}");
        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(sandbox.Workspace, "a.txt")), "the CLI wrote the file");
        // gemini tunnels (CONNECT host:port) even to an http:// endpoint; the others send absolute-form requests.
        var throughProxy = proxy.RequestLines.Count(line => line.Contains($"{host}:{server.BaseUri.Port}", StringComparison.Ordinal));
        if (noProxy)
        {
            Assert.Equal(0, throughProxy);
        }
        else
        {
            Assert.True(throughProxy > 0, "no model request went through the proxy");
        }
    }
}

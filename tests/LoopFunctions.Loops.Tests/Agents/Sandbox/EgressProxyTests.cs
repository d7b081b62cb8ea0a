using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Sandbox;

namespace LoopFunctions.Loops.Tests.Agents.Sandbox;

/// <summary>
/// A command in a real bubblewrap sandbox whose only way out is the egress proxy: two real HTTP servers on the host's
/// 127.0.0.1, one listed in the allow-list and one not, reached (or not) with curl from inside.
/// </summary>
public sealed class EgressProxyTests : IAsyncLifetime
{
    private readonly TempWorkspace _temp = new();
    private readonly string _runId = Guid.NewGuid().ToString("N");
    private EgressTestServer _listed = null!;
    private EgressTestServer _unlisted = null!;
    private EgressProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        Assert.Null(await Bubblewrap.WhyUnavailableAsync());
        Assert.Null(SandboxEgress.WhyUnavailable());
        _listed = await EgressTestServer.StartAsync();
        _unlisted = await EgressTestServer.StartAsync();
        _proxy = await EgressProxy.StartAsync([$"127.0.0.1:{_listed.Port}"], Path.Combine(_temp.Path, "egress.sock"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _listed.DisposeAsync();
        await _unlisted.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Sandbox_PlainHttpToListedHost_ReachesServerThroughProxy()
    {
        var result = await RunInSandboxAsync($"curl -sS -m 30 http://127.0.0.1:{_listed.Port}/hello");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal($"hello from {_listed.Port}", result.StandardOutput);
        var (target, headers) = Assert.Single(_listed.Requests);
        Assert.Equal("/hello", target);
        Assert.Equal("close", headers["connection"]);
        Assert.Equal(1, _proxy.AllowedCount);
        Assert.Empty(_proxy.Denied);
    }

    [Fact]
    public async Task Sandbox_ConnectToListedHost_TunnelsThrough()
    {
        // --proxytunnel: curl asks for CONNECT 127.0.0.1:P and speaks HTTP inside the tunnel, as it would TLS.
        var result = await RunInSandboxAsync($"curl -sS -m 30 --proxytunnel -w ' %{{http_connect}}' http://127.0.0.1:{_listed.Port}/hello");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal($"hello from {_listed.Port} 200", result.StandardOutput);
        Assert.Equal(1, _proxy.AllowedCount);
    }

    [Fact]
    public async Task Sandbox_UnlistedLocalPort_IsRefusedAndRecorded()
    {
        var port = _unlisted.Port;
        var result = await RunInSandboxAsync(
            $"curl -sS -m 30 -w ' %{{http_code}}' http://127.0.0.1:{port}/hello; echo; curl -sS -m 30 --proxytunnel http://127.0.0.1:{port}/hello; echo \" rc=$?\"");

        // The 403's body, its status; then curl's exit code for a CONNECT answered with an error.
        Assert.Equal($"loopfn egress proxy: 127.0.0.1:{port} is not in agent.network\n 403\n rc=56\n", result.StandardOutput);
        Assert.Contains("403", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(_unlisted.Requests);
        Assert.Equal(2, _proxy.Denied.Count);
        Assert.All(_proxy.Denied, d => Assert.Equal(("127.0.0.1", port), (d.Host, d.Port)));
        Assert.Equal(0, _proxy.AllowedCount);
    }

    [Fact]
    public async Task Sandbox_EventStream_EachEventArrivesWhenSent()
    {
        // The server holds its second event until asked to release it, and the sandbox asks only once it has read the
        // first: the whole exchange finishes only if the first event came through the bridge and proxy on its own.
        var port = _listed.Port;
        var result = await RunInSandboxAsync(
            $"curl -sSN -m 60 http://127.0.0.1:{port}/sse | while read -r line; do [ -n \"$line\" ] || continue; echo \"$line\"; "
            + $"[ \"$line\" = 'data: one' ] && curl -sS -m 30 http://127.0.0.1:{port}/release && echo; done");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("data: one\nreleased\ndata: two\n", result.StandardOutput);
    }

    [Fact]
    public async Task Sandbox_TunnelHalfClosed_AnswerStillArrives()
    {
        // A server that answers only once the client has finished sending, reached through the bridge by a client
        // that half-closes: the bridge and the proxy must both keep the way back open.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var proxy = await EgressProxy.StartAsync([$"127.0.0.1:{port}"], Path.Combine(_temp.Path, "tunnel.sock"), CancellationToken.None);
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptSocketAsync();
            var total = 0;
            var buffer = new byte[65536];
            int read;
            while ((read = await peer.ReceiveAsync(buffer)) > 0)
            {
                total += read;
            }

            await peer.SendAsync(Encoding.ASCII.GetBytes($"got {total}"));
        });

        var result = await RunInSandboxAsync(
            $"{{ printf 'CONNECT 127.0.0.1:{port} HTTP/1.1\\r\\n\\r\\n'; head -c 300000 /dev/zero; }} | socat -t 60 - TCP:127.0.0.1:{SandboxEgress.DefaultPort}",
            proxy);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("HTTP/1.1 200 Connection established\r\n\r\ngot 300000", result.StandardOutput);
        await server.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Sandbox_DirectConnectionWithoutProxy_Fails()
    {
        var result = await RunInSandboxAsync($"curl -sS -m 30 --noproxy '*' http://127.0.0.1:{_listed.Port}/hello; echo \"rc=$?\"");

        Assert.Equal("rc=7", result.StandardOutput.Trim()); // connection refused: the sandbox's loopback is its own
        Assert.Empty(_listed.Requests);
        Assert.Equal(0, _proxy.AllowedCount + _proxy.DeniedCount);
    }

    [Fact]
    public async Task Sandbox_UnlistedNames_AreRefusedWithoutLookup()
    {
        // A name that cannot resolve answers 403 like any other: a lookup before the check would have given 502.
        var result = await RunInSandboxAsync(
            "for url in https://example.com/ http://example.com/ https://nonexistent.invalid/; do curl -sS -m 30 -o /dev/null -w '%{http_code}%{http_connect} ' \"$url\"; done; "
            + "curl -sS -m 30 --noproxy '*' http://example.com/; echo \"direct=$?\"");

        Assert.Equal("000403 403000 000403 direct=6", result.StandardOutput.Trim()); // 6: no DNS in the sandbox
        Assert.Equal([("example.com", 443), ("example.com", 80), ("nonexistent.invalid", 443)], _proxy.Denied.Select(d => (d.Host, d.Port)));
        Assert.All(_proxy.Denied, d => Assert.True(DateTimeOffset.UtcNow - d.Time < TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Sandbox_CommandEnds_NoBridgeSurvives()
    {
        var result = await RunInSandboxAsync($"curl -sS -m 30 http://127.0.0.1:{_listed.Port}/hello");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.True(await Processes.PollAsync(() => ProcessesOfThisRun().Count == 0), string.Join(", ", ProcessesOfThisRun()));
    }

    [Fact]
    public async Task Sandbox_Killed_BridgeDiesWithIt()
    {
        using var cancel = new CancellationTokenSource();
        var run = RunInSandboxAsync($"curl -sS -m 30 http://127.0.0.1:{_listed.Port}/hello && exec sleep 600", cancel.Token);
        Assert.True(await Processes.PollAsync(() => !_listed.Requests.IsEmpty && ProcessesOfThisRun().Contains("socat")));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.True(await Processes.PollAsync(() => ProcessesOfThisRun().Count == 0), string.Join(", ", ProcessesOfThisRun()));
    }

    [Fact]
    public async Task Sandbox_CommandArguments_ReachTheCommandIntact()
    {
        var result = await RunInSandboxAsync("printf '<%s>' \"$@\"", ["a b", "$HOME", "'q'", "", "*"]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("<a b><$HOME><'q'><><*>", result.StandardOutput);
    }

    private Task<ProcessRunResult> RunInSandboxAsync(string script, CancellationToken cancellationToken = default) =>
        RunInSandboxAsync(script, [], null, cancellationToken);

    private Task<ProcessRunResult> RunInSandboxAsync(string script, EgressProxy proxy) =>
        RunInSandboxAsync(script, [], proxy, CancellationToken.None);

    private Task<ProcessRunResult> RunInSandboxAsync(string script, IReadOnlyList<string> arguments) =>
        RunInSandboxAsync(script, arguments, null, CancellationToken.None);

    private async Task<ProcessRunResult> RunInSandboxAsync(string script, IReadOnlyList<string> arguments, EgressProxy? proxy, CancellationToken cancellationToken)
    {
        var tree = Directory.CreateDirectory(Path.Combine(_temp.Path, "tree")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(_temp.Path, "home")).FullName;
        var egress = new SandboxEgress((proxy ?? _proxy).SocketPath);
        var spec = new SandboxSpec(tree, home, false, [], [], [], []) { Egress = egress };
        var environment = new Dictionary<string, string>(egress.ProxyEnvironment())
        {
            ["HOME"] = home,
            ["TMPDIR"] = "/tmp",
            ["EGRESS_TEST_RUN"] = _runId,
        };
        var argv = Bubblewrap.Wrap(spec, ["/bin/bash", "-c", script, "script", .. arguments]);
        return await ProcessRunner.RunAsync(new ProcessRunOptions(argv, tree, TimeSpan.FromSeconds(120)) { Environment = environment }, cancellationToken);
    }

    /// <summary>The names of live processes that inherited this test's environment (bwrap, the bridge, the command).</summary>
    private List<string> ProcessesOfThisRun()
    {
        var needle = $"EGRESS_TEST_RUN={_runId}\0";
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z') || !File.ReadAllText(Path.Combine(dir, "environ")).Contains(needle, StringComparison.Ordinal))
                {
                    continue;
                }

                found.Add(File.ReadAllText(Path.Combine(dir, "comm")).Trim());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }

        return found;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LoopFunctions.Loops.Sandbox;

namespace LoopFunctions.Loops.Tests.Agents.Sandbox;

/// <summary>
/// The egress proxy on its Unix socket, spoken to directly (no sandbox): streaming, half-close, many clients at once,
/// how plain requests are forwarded, and what disposing ends. Real HTTP and TCP servers on 127.0.0.1.
/// </summary>
public sealed class EgressProxyRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempWorkspace _temp = new();
    private readonly TcpListener _tcp = new(IPAddress.Loopback, 0);

    // Bound but never listening: connecting is refused, and no other process can take the port meanwhile (a stopped
    // listener frees its port, which a parallel test may then bind).
    private readonly Socket _refusing = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private EgressTestServer _http = null!;
    private EgressProxy _proxy = null!;

    private int TcpPort => ((IPEndPoint)_tcp.LocalEndpoint).Port;

    private int RefusingPort => ((IPEndPoint)_refusing.LocalEndPoint!).Port;

    public async Task InitializeAsync()
    {
        _tcp.Start();
        _refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _http = await EgressTestServer.StartAsync();
        _proxy = await EgressProxy.StartAsync([$"127.0.0.1:{_http.Port}", $"127.0.0.1:{TcpPort}", $"127.0.0.1:{RefusingPort}"], Path.Combine(_temp.Path, "egress.sock"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _http.DisposeAsync();
        _tcp.Dispose();
        _refusing.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task PlainRequest_EventStream_EachEventArrivesWhenSent()
    {
        using var client = await ConnectAsync();
        await SendAsync(client, $"GET http://127.0.0.1:{_http.Port}/sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");

        // The server holds the second event until released: the first must have come through on its own.
        var first = await ReadUntilAsync(client, "data: one");
        Assert.DoesNotContain("data: two", first, StringComparison.Ordinal);
        _http.ReleaseEvents();
        var rest = await ReadToEndAsync(client);

        Assert.Contains("data: two", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ClientHalfCloses_ServerAnswerStillArrives()
    {
        // The server answers only after the client has finished sending: the proxy must pass the half-close on and
        // keep the other direction open.
        var server = Task.Run(async () =>
        {
            using var peer = await _tcp.AcceptSocketAsync();
            var total = 0;
            var buffer = new byte[65536];
            int read;
            while ((read = await peer.ReceiveAsync(buffer)) > 0)
            {
                total += read;
            }

            await peer.SendAsync(Encoding.ASCII.GetBytes($"got {total}"));
        });
        using var client = await ConnectAsync();
        await SendAsync(client, $"CONNECT 127.0.0.1:{TcpPort} HTTP/1.1\r\nHost: 127.0.0.1:{TcpPort}\r\n\r\n");
        Assert.Equal("HTTP/1.1 200 Connection established\r\n\r\n", await ReadUntilAsync(client, "\r\n\r\n"));

        await client.SendAsync(new byte[300_000]);
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal("got 300000", await ReadToEndAsync(client));
        await server;
    }

    [Fact]
    public async Task PlainRequest_ManyAtOnce_AllAnswered()
    {
        using var handler = new SocketsHttpHandler
        {
            Proxy = new WebProxy("http://egress-proxy"),
            UseProxy = true,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(_proxy.SocketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = Deadline };

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
        {
            using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{_http.Port}/echo"), new StringContent($"request {i}"));
            return await response.Content.ReadAsStringAsync();
        }));

        Assert.Equal(Enumerable.Range(0, 64).Select(i => $"echo: request {i}"), answers);
        Assert.Equal(64, _proxy.AllowedCount);
    }

    [Fact]
    public async Task PlainRequest_Forwarded_InOriginFormWithoutProxyHeaders()
    {
        using var client = await ConnectAsync();
        await SendAsync(client, $"GET http://127.0.0.1:{_http.Port}/hello?x=1 HTTP/1.1\r\nHost: other.example\r\nProxy-Authorization: Basic c2VjcmV0\r\nProxy-Connection: keep-alive\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nX-Kept: yes\r\n\r\n");

        Assert.Contains($"hello from {_http.Port}", await ReadToEndAsync(client), StringComparison.Ordinal);
        var (target, headers) = Assert.Single(_http.Requests);
        Assert.Equal("/hello?x=1", target);
        Assert.Equal($"127.0.0.1:{_http.Port}", headers["host"]);
        Assert.Equal("close", headers["connection"]);
        Assert.Equal("yes", headers["x-kept"]);
        Assert.DoesNotContain("proxy-authorization", headers.Keys);
        Assert.DoesNotContain("proxy-connection", headers.Keys);
        Assert.DoesNotContain("x-hop", headers.Keys);
    }

    [Theory]
    [InlineData("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "absolute http:// URL")]
    [InlineData("GET https://127.0.0.1/ HTTP/1.1\r\n\r\n", "goes through CONNECT")]
    [InlineData("CONNECT 127.0.0.1 HTTP/1.1\r\n\r\n", "is not host:port")]
    [InlineData("GET http://allowed@127.0.0.1/ HTTP/1.1\r\n\r\n", "is not host:port")]
    [InlineData("CONNECT exa%6Dple.com:443 HTTP/1.1\r\n\r\n", "is not a host name")]
    [InlineData("hello\r\n\r\n", "malformed request line")]
    public async Task Request_Malformed_Gets400AndIsNotRecorded(string request, string reason)
    {
        using var client = await ConnectAsync();
        await SendAsync(client, request);

        var answer = await ReadToEndAsync(client);
        Assert.StartsWith("HTTP/1.1 400 ", answer, StringComparison.Ordinal);
        Assert.Contains(reason, answer, StringComparison.Ordinal);
        Assert.Equal(0, _proxy.DeniedCount + _proxy.AllowedCount);
    }

    [Fact]
    public async Task Connect_ListedPortWithNoServer_Gets502()
    {
        using var client = await ConnectAsync();
        await SendAsync(client, $"CONNECT 127.0.0.1:{RefusingPort} HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 502 ", await ReadToEndAsync(client), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_OpenTunnel_EndsItAndRemovesTheSocket()
    {
        using var client = await ConnectAsync();
        await SendAsync(client, $"CONNECT 127.0.0.1:{TcpPort} HTTP/1.1\r\n\r\n");
        using var peer = await _tcp.AcceptSocketAsync();
        await ReadUntilAsync(client, "\r\n\r\n");

        var stopwatch = Stopwatch.StartNew();
        await _proxy.DisposeAsync();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"dispose took {stopwatch.Elapsed}");
        Assert.Equal("", await ReadToEndAsync(client));
        Assert.Equal(0, await peer.ReceiveAsync(new byte[16]).WaitAsync(Deadline));
        Assert.False(File.Exists(_proxy.SocketPath));
    }

    [Fact]
    public async Task Start_StaleSocketFile_IsReplaced()
    {
        var path = Path.Combine(_temp.Path, "stale.sock");
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(path)); // closed without removing its file, as after a crash
        }

        await using var proxy = await EgressProxy.StartAsync(["example.com"], path, CancellationToken.None);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
        await SendAsync(client, "CONNECT example.org:443 HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403 ", await ReadToEndAsync(client), StringComparison.Ordinal);
        var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task Start_InvalidEntry_ThrowsWithTheReason()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EgressProxy.StartAsync(["example.com", "https://x.test"], Path.Combine(_temp.Path, "bad.sock"), CancellationToken.None));

        Assert.Contains("without a scheme", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_temp.Path, "bad.sock")));
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(_proxy.SocketPath));
        return socket;
    }

    private static async Task SendAsync(Socket socket, string text) => await socket.SendAsync(Encoding.ASCII.GetBytes(text));

    private static async Task<string> ReadUntilAsync(Socket socket, string marker)
    {
        var text = new StringBuilder();
        var buffer = new byte[1];
        using var deadline = new CancellationTokenSource(Deadline);
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            // One byte at a time, so nothing after the marker is taken from a later read.
            if (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) == 0)
            {
                break;
            }

            text.Append((char)buffer[0]);
        }

        return text.ToString();
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        var text = new StringBuilder();
        var buffer = new byte[8192];
        using var deadline = new CancellationTokenSource(Deadline);
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>
/// A forward HTTP proxy on 127.0.0.1 that records the request line of every request (absolute-form for plain HTTP,
/// CONNECT for tunnels) and forwards it, so a test can tell whether a CLI sends its traffic through
/// <c>HTTP(S)_PROXY</c>. Plain requests are forwarded one per connection (the request's Connection header is
/// replaced by <c>close</c>), so each is seen; a tunnel to a host that cannot be reached gets 502.
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requestLines = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;

    public RecordingProxy()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public IReadOnlyList<string> RequestLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _requestLines];
            }
        }
    }

    /// <summary>The variables that point every proxy-aware client at this proxy (NO_PROXY left unset).</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["HTTP_PROXY"] = Url, ["HTTPS_PROXY"] = Url, ["http_proxy"] = Url, ["https_proxy"] = Url,
        ["ALL_PROXY"] = Url, ["all_proxy"] = Url,
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        try
        {
            var stream = client.GetStream();
            var (head, rest) = await ReadHeadAsync(stream);
            if (head is null)
            {
                return;
            }

            var lines = head.Split("\r\n");
            var parts = lines[0].Split(' ');
            lock (_gate)
            {
                _requestLines.Add(lines[0]);
            }

            var connect = parts[0] == "CONNECT";
            var target = connect ? new Uri("tcp://" + parts[1]) : new Uri(parts[1]);
            try
            {
                await upstream.ConnectAsync(target.Host, target.Port, _stop.Token);
            }
            catch (SocketException)
            {
                await stream.WriteAsync("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                return;
            }

            var remote = upstream.GetStream();
            if (connect)
            {
                await stream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), _stop.Token);
            }
            else
            {
                var headers = lines.Skip(1).Where(l => l.Length > 0 && !l.StartsWith("connection:", StringComparison.OrdinalIgnoreCase)
                    && !l.StartsWith("proxy-connection:", StringComparison.OrdinalIgnoreCase));
                var origin = $"{parts[0]} {target.PathAndQuery} {parts[2]}\r\n{string.Join("\r\n", headers)}\r\nConnection: close\r\n\r\n";
                await remote.WriteAsync(Encoding.ASCII.GetBytes(origin), _stop.Token);
            }

            await remote.WriteAsync(rest, _stop.Token);
            await Task.WhenAny(stream.CopyToAsync(remote, _stop.Token), remote.CopyToAsync(stream, _stop.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or UriFormatException)
        {
            // The client or the upstream hung up; the request line is recorded, which is all a test asks.
        }
    }

    /// <summary>Reads up to the blank line that ends the request head; returns the head and the bytes after it.</summary>
    private async Task<(string? Head, byte[] Body)> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        while (buffer.Count < 64 * 1024)
        {
            var read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0)
            {
                return (null, []);
            }

            buffer.AddRange(chunk.AsSpan(0, read));
            var all = buffer.ToArray();
            var end = all.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(all, 0, end), all[(end + 4)..]);
            }
        }

        return (null, []);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

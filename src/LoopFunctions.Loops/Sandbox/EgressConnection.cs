using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoopFunctions.Loops.Sandbox;

/// <summary>One client of the egress proxy: reads its request head, refuses a destination not in the allow-list
/// before anything is resolved, connects to an allowed one, and relays.</summary>
internal static class EgressConnection
{
    /// <summary>A client that has not sent its request head by then is dropped.</summary>
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    // After a refusal, how long a client that is still sending (a request body) is read and ignored, so that closing
    // with unread bytes (a reset) does not destroy the answer before the client reads it.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    public static async Task RunAsync(Socket client, EgressProxy proxy, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                await ServeAsync(client, proxy, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (SocketRelay.IsEnd(ex))
            {
                // The client went away, or the proxy is stopping.
            }
        }
    }

    private static async Task ServeAsync(Socket client, EgressProxy proxy, CancellationToken cancellationToken)
    {
        var buffer = new byte[ProxyRequest.MaxHeadBytes];
        var filled = 0;
        int end;
        using (var headTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            headTimeout.CancelAfter(HeadTimeout);
            while ((end = buffer.AsSpan(0, filled).IndexOf(HeadEnd)) < 0)
            {
                if (filled == buffer.Length)
                {
                    await RefuseAsync(client, 431, "Request Header Fields Too Large", "request head too large", cancellationToken).ConfigureAwait(false);
                    return;
                }

                var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, headTimeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
            }
        }

        var rest = buffer.AsMemory(end + HeadEnd.Length, filled - end - HeadEnd.Length);
        if (!ProxyRequest.TryParse(buffer.AsSpan(0, end + 2), out var request, out var error))
        {
            await RefuseAsync(client, 400, "Bad Request", $"loopfn egress proxy: {error}", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!EgressRule.TryReadHost(request.Host, out _, out var address))
        {
            await RefuseAsync(client, 400, "Bad Request", $"loopfn egress proxy: '{request.Host}' is not a host name", cancellationToken).ConfigureAwait(false);
            return;
        }

        var destination = string.Create(CultureInfo.InvariantCulture, $"{(address?.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{request.Host}]" : request.Host)}:{request.Port}");
        if (!proxy.Admit(request.Host, request.Port))
        {
            await RefuseAsync(client, 403, "Forbidden", $"loopfn egress proxy: {destination} is not in agent.network", cancellationToken).ConfigureAwait(false);
            return;
        }

        using var upstream = address is null ? new Socket(SocketType.Stream, ProtocolType.Tcp) : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        upstream.NoDelay = true;
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connectTimeout.CancelAfter(ConnectTimeout);
            try
            {
                // A listed name is resolved here, on the host side, only after it was admitted.
                EndPoint endPoint = address is null ? new DnsEndPoint(request.Host, request.Port) : new IPEndPoint(address, request.Port);
                await upstream.ConnectAsync(endPoint, connectTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await RefuseAsync(client, 504, "Gateway Timeout", $"loopfn egress proxy: connecting to {destination} timed out", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException ex)
            {
                await RefuseAsync(client, 502, "Bad Gateway", $"loopfn egress proxy: could not connect to {destination}: {ex.Message}", cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        ReadOnlyMemory<byte> first;
        if (request.IsConnect)
        {
            await client.SendAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            first = rest;
        }
        else
        {
            first = (byte[])[.. request.ForwardedHead(), .. rest.Span];
        }

        await SocketRelay.RunAsync(client, upstream, first, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RefuseAsync(Socket client, int status, string reason, string body, CancellationToken cancellationToken)
    {
        await client.SendAsync(ProxyRequest.Response(status, reason, body), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        client.Shutdown(SocketShutdown.Send);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(DrainTimeout);
        var sink = new byte[4096];
        while (await client.ReceiveAsync(sink, SocketFlags.None, drain.Token).ConfigureAwait(false) > 0)
        {
        }
    }
}

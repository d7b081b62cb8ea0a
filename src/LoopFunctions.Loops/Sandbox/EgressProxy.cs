using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace LoopFunctions.Loops.Sandbox;

/// <summary>
/// The only way out of a sandbox with <c>agent.network: [hosts]</c>: an HTTP proxy on a Unix socket that lets through
/// <c>CONNECT host:port</c> tunnels and plain <c>http://</c> requests whose destination an <see cref="EgressRule"/>
/// admits, and answers 403 to every other one, recording it in <see cref="Denied"/>. The destination is checked on
/// the name the client asked for before anything is resolved; only an admitted name is resolved, here on the host.
/// Bytes are relayed as they come (streamed responses stay streamed), both ways, with half-close. Disposing stops
/// listening, ends every open connection and removes the socket file.
/// </summary>
public sealed class EgressProxy : IAsyncDisposable
{
    /// <summary>Denials kept in <see cref="Denied"/>; later ones are only counted in <see cref="DeniedCount"/>.</summary>
    public const int MaxDenialsKept = 1000;

    /// <summary>The longest Unix socket path the kernel takes (sun_path is 108 bytes with its terminating zero).</summary>
    public const int MaxSocketPathBytes = 107;

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly List<EgressDenial> _denied = [];
    private readonly Lock _gate = new();
    private Task _accepting = Task.CompletedTask;
    private long _nextId;
    private long _deniedCount;
    private long _allowedCount;
    private int _disposed;

    private EgressProxy(IReadOnlyList<EgressRule> rules, string socketPath, Socket listener)
    {
        Rules = rules;
        SocketPath = socketPath;
        _listener = listener;
    }

    /// <summary>The destinations let through.</summary>
    public IReadOnlyList<EgressRule> Rules { get; }

    /// <summary>The full path of the Unix socket the proxy listens on (give it to <see cref="SandboxEgress"/>).</summary>
    public string SocketPath { get; }

    /// <summary>The refused attempts, oldest first (the first <see cref="MaxDenialsKept"/>).</summary>
    public IReadOnlyList<EgressDenial> Denied
    {
        get
        {
            lock (_gate)
            {
                return [.. _denied];
            }
        }
    }

    /// <summary>How many attempts were refused, all of them.</summary>
    public long DeniedCount => Interlocked.Read(ref _deniedCount);

    /// <summary>How many connections or requests were let through.</summary>
    public long AllowedCount => Interlocked.Read(ref _allowedCount);

    /// <summary>Starts a proxy that admits the destinations in <paramref name="allowed"/> (entries as
    /// <see cref="EgressRule.TryParse"/> reads them) on a Unix socket at <paramref name="socketPath"/>, replacing a
    /// stale socket file there. Only the owner may connect to the socket.</summary>
    /// <param name="cancellationToken">Cancels the start only; the proxy runs until it is disposed.</param>
    /// <exception cref="ArgumentException">An entry is not valid, or the path is too long for a Unix socket.</exception>
    public static Task<EgressProxy> StartAsync(IReadOnlyList<string> allowed, string socketPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        cancellationToken.ThrowIfCancellationRequested();
        var rules = new List<EgressRule>();
        foreach (var entry in allowed)
        {
            if (!EgressRule.TryParse(entry, out var rule, out var error))
            {
                throw new ArgumentException($"agent.network: {error}", nameof(allowed));
            }

            rules.Add(rule);
        }

        var path = Path.GetFullPath(socketPath);
        if (Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
        {
            throw new ArgumentException($"the egress proxy's socket path is longer than {MaxSocketPathBytes} bytes, the most a Unix socket takes: {path}", nameof(socketPath));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path); // a socket left by a proxy that did not end cleanly; binding would fail on it
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var proxy = new EgressProxy(rules, path, listener);
        proxy._accepting = Task.Run(proxy.AcceptAsync, CancellationToken.None);
        return Task.FromResult(proxy);
    }

    /// <summary>Stops listening, ends the open connections and removes the socket file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);

        // Every connection ends on the cancellation; the grace only bounds a socket call that ignores it.
        await Task.WhenAny(Task.WhenAll(_connections.Values), Task.Delay(CloseGrace, CancellationToken.None)).ConfigureAwait(false);
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
            // Its folder went first; nothing is left to remove.
        }

        _stop.Dispose();
    }

    /// <summary>Whether a rule admits the destination; records the decision.</summary>
    internal bool Admit(string host, int port)
    {
        if (Rules.Any(rule => rule.Matches(host, port)))
        {
            Interlocked.Increment(ref _allowedCount);
            return true;
        }

        Interlocked.Increment(ref _deniedCount);
        lock (_gate)
        {
            if (_denied.Count < MaxDenialsKept)
            {
                _denied.Add(new EgressDenial(host.Length > 255 ? host[..255] : host, port, DateTimeOffset.UtcNow));
            }
        }

        return false;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (SocketRelay.IsEnd(ex))
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                // A client that gave up between its connect and our accept, or out of descriptors for a moment:
                // pause a little rather than spin on an error that lasts.
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var id = Interlocked.Increment(ref _nextId);

            // Registered before it runs, so that a connection that ends at once still removes its own entry.
            var run = new Task<Task>(() => ServeAsync(id, client));
            _connections[id] = run.Unwrap();
            run.Start(TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(long id, Socket client)
    {
        try
        {
            await EgressConnection.RunAsync(client, this, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }
}

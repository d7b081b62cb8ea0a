using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace LoopFunctions.Loops.Sandbox;

/// <summary>
/// The head of one request to the egress proxy: <c>CONNECT host:port</c> (a tunnel) or a plain HTTP request with an
/// absolute URI (<c>GET http://host:port/path</c>), which is forwarded in origin form with <c>Connection: close</c>,
/// so that the next request of a keep-alive client comes back to the proxy on a new connection and is checked too.
/// </summary>
internal sealed class ProxyRequest
{
    /// <summary>A head larger than this is refused (431).</summary>
    public const int MaxHeadBytes = 64 * 1024;

    // Hop-by-hop: meant for the proxy, not the server (RFC 9110 7.6.1); Host is rewritten from the URI.
    private static readonly string[] Dropped = ["host", "connection", "proxy-connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "te", "trailer", "upgrade"];

    private ProxyRequest(string method, string version, string host, int port, string? path, List<(string Name, string Value)> headers)
    {
        Method = method;
        Version = version;
        Host = host;
        Port = port;
        Path = path;
        Headers = headers;
    }

    public string Method { get; }

    public string Version { get; }

    /// <summary>The host as the client wrote it (IPv6 without brackets).</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>The origin-form target of a plain request; null for CONNECT.</summary>
    public string? Path { get; }

    public bool IsConnect => Path is null;

    private List<(string Name, string Value)> Headers { get; }

    /// <summary>Reads a request head (through its empty line); false with a reason for a malformed one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, [NotNullWhen(true)] out ProxyRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        var lines = Encoding.Latin1.GetString(head).Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            error = "malformed request line";
            return false;
        }

        var headers = new List<(string, string)>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t' || line[..colon].Any(c => c is ' ' or '\t'))
            {
                error = "malformed header line";
                return false;
            }

            headers.Add((line[..colon], line[(colon + 1)..].Trim()));
        }

        var method = parts[0];
        string authority;
        string? path = null;
        if (method == "CONNECT")
        {
            authority = parts[1];
        }
        else if (parts[1].StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = parts[1]["http://".Length..];
            var end = rest.IndexOfAny(['/', '?', '#']);
            authority = end < 0 ? rest : rest[..end];
            path = end < 0 ? "/" : rest[end] == '/' ? rest[end..] : "/" + rest[end..];
            path = path.Split('#')[0];
        }
        else
        {
            error = parts[1].StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? "an https URL goes through CONNECT"
                : "the proxy needs an absolute http:// URL or CONNECT";
            return false;
        }

        if (!TrySplitAuthority(authority, path is null ? null : 80, out var host, out var port))
        {
            error = $"'{authority}' is not host:port";
            return false;
        }

        request = new ProxyRequest(method, parts[2], host, port, path, headers);
        error = null;
        return true;
    }

    /// <summary>The head to send to the server: origin form, this proxy's hop-by-hop headers removed, Host from the
    /// URI, and <c>Connection: close</c>.</summary>
    public byte[] ForwardedHead()
    {
        var named = Headers.Where(h => h.Name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Method} {Path} {Version}\r\n");
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        text.Append(CultureInfo.InvariantCulture, $"Host: {host}{(Port == 80 ? "" : string.Create(CultureInfo.InvariantCulture, $":{Port}"))}\r\n");
        foreach (var (name, value) in Headers.Where(h => !Dropped.Contains(h.Name, StringComparer.OrdinalIgnoreCase) && !named.Contains(h.Name)))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        text.Append("Connection: close\r\n\r\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>A complete short response that ends the connection.</summary>
    public static byte[] Response(int status, string reason, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body + "\n");
        var head = string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head), .. bytes];
    }

    private static bool TrySplitAuthority(string authority, int? defaultPort, out string host, out int port)
    {
        host = authority;
        port = defaultPort ?? 0;
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return false; // credentials in the URL: "allowed.example@other.example" must not be read two ways
        }

        var close = authority.LastIndexOf(']');
        var colon = authority.LastIndexOf(':');
        var portText = colon > close && (close >= 0 || authority.IndexOf(':', StringComparison.Ordinal) == colon) ? authority[(colon + 1)..] : null;
        host = portText is null ? authority : authority[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (portText is not null && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535))
        {
            return false;
        }

        return host.Length > 0 && port > 0;
    }
}

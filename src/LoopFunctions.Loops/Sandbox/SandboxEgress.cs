using System.Globalization;
using LoopFunctions.Loops.Processes;

namespace LoopFunctions.Loops.Sandbox;

/// <summary>
/// A sandbox whose only way out is an <see cref="EgressProxy"/>: the network stays unshared (the sandbox has only a
/// loopback of its own), the proxy's Unix socket is bound into the sandbox at the same path, and a bridge
/// (<c>socat</c>, Debian package <c>socat</c>) listening on the sandbox's 127.0.0.1:<paramref name="Port"/> forwards
/// every connection to it. The agent finds the bridge through the usual proxy variables, see
/// <see cref="ProxyEnvironment"/>. The proxy must be listening before the sandbox starts (bwrap binds its socket file)
/// and outlive it.
/// </summary>
/// <param name="SocketPath">The host path of the proxy's Unix socket (<see cref="EgressProxy.SocketPath"/>).</param>
/// <param name="Port">The port the bridge listens on inside the sandbox; the sandbox's loopback is its own, so any
/// port is free there.</param>
public sealed record SandboxEgress(string SocketPath, int Port = SandboxEgress.DefaultPort)
{
    /// <summary>The usual port of an HTTP proxy.</summary>
    public const int DefaultPort = 3128;

    /// <summary>The proxy URL the agent is given.</summary>
    public string ProxyUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    /// <summary>Null when the bridge can run here (<c>socat</c> is on PATH); else why not.</summary>
    public static string? WhyUnavailable() =>
        ProgramPath.Find("socat", Environment.GetEnvironmentVariable("PATH")) is null
            ? "socat is not installed (Debian: apt-get install socat); agent.network needs it to bridge the sandbox to its proxy"
            : null;

    /// <summary>The variables to add to the sandboxed child's environment so that HTTP clients (curl, Python,
    /// Node with <c>NODE_USE_ENV_PROXY</c>, Go, Rust, npm, pip, git) send everything through the bridge. NO_PROXY is
    /// empty: even 127.0.0.1 goes to the proxy, because the sandbox's own loopback has nothing the agent was given.</summary>
    public IReadOnlyDictionary<string, string> ProxyEnvironment()
    {
        var url = ProxyUrl;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HTTP_PROXY"] = url,
            ["HTTPS_PROXY"] = url,
            ["ALL_PROXY"] = url,
            ["http_proxy"] = url,
            ["https_proxy"] = url,
            ["all_proxy"] = url,
            ["NO_PROXY"] = "",
            ["no_proxy"] = "",
            ["NODE_USE_ENV_PROXY"] = "1",
        };
    }
}

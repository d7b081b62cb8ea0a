using System.Globalization;

namespace LoopFunctions.Loops.Sandbox;

/// <summary>
/// The front of a sandboxed command whose way out is an <see cref="EgressProxy"/>: a shell starts <c>socat</c>
/// listening on the sandbox's 127.0.0.1 and forwarding to the proxy's socket, waits until it listens, then execs the
/// command with its argv untouched (<c>"$@"</c>: nothing of it passes through the shell's parser).
/// </summary>
internal static class EgressBridge
{
    /// <summary>Where the proxy's socket is bound inside the sandbox. A fixed path, so the host path may hold any
    /// character (socat's address syntax would split at a comma or colon) and any length; /dev is the tmpfs bwrap
    /// builds, so the mount point can be made there, and a socket in /dev is what /dev/log already is.</summary>
    public const string SocketInside = "/dev/loopfn-egress.sock";

    // The subshell's socat is orphaned at once and adopted by bwrap's init (PID 1 of the sandbox), so it is never a
    // child of the command (a command that waits for all its children would wait for it forever), and it dies with
    // the PID namespace when the command ends. -t: after one side ends, socat's default gives the other 0.5 s and
    // cuts a half-closed exchange; the proxy decides when a connection is over, not the bridge. backlog: socat's
    // default of 5 makes a client that opens many connections at once wait for SYN retries. The wait reads the
    // sandbox's own /proc/net/tcp for the listening socket rather than connecting, so the proxy sees no probe.
    private const string Script = $$"""
        p=$1 h=$2; shift 2
        command -v socat >/dev/null 2>&1 || { echo "loopfn: agent.network needs socat in the sandbox (Debian: apt-get install socat)" >&2; exit 127; }
        (socat -t 86400 "TCP-LISTEN:$p,bind=127.0.0.1,fork,reuseaddr,backlog=128" "UNIX-CONNECT:{{SocketInside}}" </dev/null >/dev/null 2>&1 &)
        i=0
        until grep -q " 0100007F:$h 00000000:0000 0A" /proc/net/tcp; do
          i=$((i+1))
          if [ "$i" -gt 3000 ]; then echo "loopfn: the agent.network bridge (socat) did not listen on 127.0.0.1:$p" >&2; exit 125; fi
          sleep 0.01
        done
        exec "$@"
        """;

    /// <summary>The argv to put in front of the command inside the sandbox.</summary>
    public static IReadOnlyList<string> Prefix(SandboxEgress egress) =>
    [
        "/bin/sh", "-c", Script, "loopfn-egress",
        egress.Port.ToString(CultureInfo.InvariantCulture),
        egress.Port.ToString("X4", CultureInfo.InvariantCulture),
    ];
}

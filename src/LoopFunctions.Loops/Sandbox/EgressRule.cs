using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoopFunctions.Loops.Sandbox;

/// <summary>
/// One entry of <c>agent.network</c>: a destination the sandbox's egress proxy lets through. <c>host</c> allows ports
/// 80 and 443, <c>host:port</c> that port only; <c>*.example.com</c> allows every subdomain of example.com (not
/// example.com itself); an IP literal (<c>127.0.0.1:8080</c>, <c>[::1]:8080</c>) allows that address as written.
/// Matching is on the name the client asked for, case-insensitively and before any DNS lookup: a name never matches
/// an address rule nor an address a name rule, so what a name resolves to is never consulted to admit it.
/// </summary>
public sealed record EgressRule
{
    /// <summary>The ports a rule without a port allows.</summary>
    public static readonly IReadOnlyList<int> DefaultPorts = [80, 443];

    private EgressRule(string host, int? port, bool wildcard, IPAddress? address)
    {
        Host = host;
        Port = port;
        Wildcard = wildcard;
        Address = address;
    }

    /// <summary>The host name in lower case without a trailing dot; for a wildcard the part after <c>*.</c>; for an
    /// IP literal its canonical text (IPv6 without brackets).</summary>
    public string Host { get; }

    /// <summary>The only port allowed, or null for <see cref="DefaultPorts"/>.</summary>
    public int? Port { get; }

    /// <summary>True for <c>*.host</c>: subdomains of <see cref="Host"/>, at any depth.</summary>
    public bool Wildcard { get; }

    /// <summary>The address of an IP-literal rule; null for a name.</summary>
    public IPAddress? Address { get; }

    /// <summary>Reads one allow-list entry.</summary>
    /// <param name="text">The entry as written in the loop file.</param>
    /// <param name="rule">The rule, when the entry is valid.</param>
    /// <param name="error">Why the entry is not valid, in words for the loop file's author.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out EgressRule? rule, [NotNullWhen(false)] out string? error)
    {
        rule = null;
        var entry = text?.Trim() ?? "";
        if (entry.Length == 0)
        {
            error = "an agent.network entry is empty";
            return false;
        }

        if (entry.Contains("://", StringComparison.Ordinal) || entry.Contains('/', StringComparison.Ordinal))
        {
            error = $"'{entry}' is not a host: write the host name (and :port) without a scheme or path";
            return false;
        }

        if (!SplitPort(entry, out var hostText, out var port, out error))
        {
            return false;
        }

        if (hostText.StartsWith('[') && hostText.EndsWith(']'))
        {
            if (!IPAddress.TryParse(hostText[1..^1], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{entry}': '{hostText}' is not an IPv6 address";
                return false;
            }

            rule = new EgressRule(v6.ToString(), port, false, v6);
            return true;
        }

        if (hostText.Contains(':', StringComparison.Ordinal))
        {
            error = $"'{entry}': write an IPv6 address in brackets, e.g. [::1]:8080";
            return false;
        }

        var wildcard = hostText.StartsWith("*.", StringComparison.Ordinal);
        var name = NormalizeName(wildcard ? hostText[2..] : hostText);
        if (name == "*" || (name.Length == 0 && wildcard))
        {
            error = $"'{entry}' would allow every host; list the hosts (or set agent.network: true)";
            return false;
        }

        if (!IsHostName(name))
        {
            error = $"'{entry}': '{hostText}' is not a host name (letters, digits, '-', '_' and dots; '*.' only in front)";
            return false;
        }

        if (IsNumericName(name))
        {
            if (wildcard || !TryParseIPv4(name, out var v4))
            {
                error = $"'{entry}': '{hostText}' is not an IPv4 address (write four numbers 0-255, e.g. 127.0.0.1)";
                return false;
            }

            rule = new EgressRule(name, port, false, v4);
            return true;
        }

        rule = new EgressRule(name, port, wildcard, null);
        return true;
    }

    /// <summary>Whether this rule admits <paramref name="port"/> on <paramref name="host"/>, a host as a client asked
    /// for it (a name, an IPv4 literal, or an IPv6 literal with or without brackets). No DNS is done.</summary>
    public bool Matches(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (Port is { } only ? port != only : !DefaultPorts.Contains(port))
        {
            return false;
        }

        if (!TryReadHost(host, out var name, out var address))
        {
            return false;
        }

        if (Address is not null || address is not null)
        {
            return Address is not null && address is not null && Address.Equals(address);
        }

        return Wildcard
            ? name.Length > Host.Length + 1 && name.EndsWith("." + Host, StringComparison.Ordinal)
            : name == Host;
    }

    /// <summary>The entry in its canonical form.</summary>
    public override string ToString()
    {
        var host = Address?.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Host}]" : Wildcard ? "*." + Host : Host;
        return Port is { } port ? string.Create(CultureInfo.InvariantCulture, $"{host}:{port}") : host;
    }

    /// <summary>Reads a requested host: a name (lower-cased, trailing dot dropped) or an IP literal. An IPv4 literal
    /// counts only in its canonical dotted form; forms like <c>127.1</c> or <c>2130706433</c> are names that no rule
    /// can list, so they are refused rather than resolved.</summary>
    internal static bool TryReadHost(string host, out string name, out IPAddress? address)
    {
        address = null;
        name = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (name.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(name, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        name = NormalizeName(name);
        if (!IsHostName(name))
        {
            return false;
        }

        if (TryParseIPv4(name, out var v4))
        {
            address = v4;
        }

        return true;
    }

    private static bool SplitPort(string entry, out string host, out int? port, [NotNullWhen(false)] out string? error)
    {
        host = entry;
        port = null;
        error = null;
        var colon = entry.LastIndexOf(':');
        var bracket = entry.LastIndexOf(']');
        if (colon < 0 || colon < bracket || (bracket < 0 && entry.IndexOf(':', StringComparison.Ordinal) != colon))
        {
            return true; // no port, or a bare IPv6 address (reported by the caller)
        }

        host = entry[..colon];
        var text = entry[(colon + 1)..];
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            error = $"'{entry}': '{text}' is not a port (1-65535)";
            return false;
        }

        port = number;
        return true;
    }

    private static string NormalizeName(string name) => (name.EndsWith('.') ? name[..^1] : name).ToLowerInvariant();

    private static bool IsHostName(string name) =>
        name.Length is > 0 and <= 253
        && name.Split('.').All(label => label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));

    private static bool IsNumericName(string name) => name.Split('.')[^1].All(char.IsAsciiDigit);

    private static bool TryParseIPv4(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        if (IPAddress.TryParse(text, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetwork && parsed.ToString() == text)
        {
            address = parsed;
            return true;
        }

        address = null;
        return false;
    }
}

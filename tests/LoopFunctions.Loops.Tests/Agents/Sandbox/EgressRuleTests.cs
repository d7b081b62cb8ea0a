using LoopFunctions.Loops.Sandbox;

namespace LoopFunctions.Loops.Tests.Agents.Sandbox;

public sealed class EgressRuleTests
{
    [Theory]
    [InlineData("api.example.com", "api.example.com", null, false, "api.example.com")]
    [InlineData(" API.Example.COM. ", "api.example.com", null, false, "api.example.com")]
    [InlineData("example.com:8443", "example.com", 8443, false, "example.com:8443")]
    [InlineData("*.Example.com", "example.com", null, true, "*.example.com")]
    [InlineData("*.example.com:8080", "example.com", 8080, true, "*.example.com:8080")]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080, false, "127.0.0.1:8080")]
    [InlineData("[::1]:8080", "::1", 8080, false, "[::1]:8080")]
    [InlineData("[0:0::1]", "::1", null, false, "[::1]")]
    [InlineData("my_host.internal", "my_host.internal", null, false, "my_host.internal")]
    public void TryParse_ValidEntry_ReadsHostPortAndKind(string text, string host, int? port, bool wildcard, string canonical)
    {
        Assert.True(EgressRule.TryParse(text, out var rule, out var error), error);

        Assert.Equal((host, port, wildcard, canonical), (rule.Host, rule.Port, rule.Wildcard, rule.ToString()));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("https://api.example.com", "without a scheme")]
    [InlineData("api.example.com/v1", "without a scheme or path")]
    [InlineData("example.com:0", "not a port")]
    [InlineData("example.com:65536", "not a port")]
    [InlineData("example.com:https", "not a port")]
    [InlineData("example.com:", "not a port")]
    [InlineData("*", "every host")]
    [InlineData("*:443", "every host")]
    [InlineData("*.", "every host")]
    [InlineData("::1", "in brackets")]
    [InlineData("[nope]:80", "not an IPv6 address")]
    [InlineData("a..example.com", "not a host name")]
    [InlineData("-a.example.com", "not a host name")]
    [InlineData("exa mple.com", "not a host name")]
    [InlineData("ex*mple.com", "not a host name")]
    [InlineData("*.*.example.com", "not a host name")]
    [InlineData("user@example.com", "not a host name")]
    [InlineData("127.1", "not an IPv4 address")]
    [InlineData("2130706433:80", "not an IPv4 address")]
    [InlineData("127.000.0.1", "not an IPv4 address")]
    [InlineData("256.0.0.1", "not an IPv4 address")]
    [InlineData("*.0.0.1", "not an IPv4 address")]
    public void TryParse_InvalidEntry_SaysWhy(string text, string reason)
    {
        Assert.False(EgressRule.TryParse(text, out var rule, out var error));

        Assert.Null(rule);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com", "example.com", 443, true)]
    [InlineData("example.com", "example.com", 80, true)]
    [InlineData("example.com", "example.com", 8080, false)]
    [InlineData("example.com", "EXAMPLE.Com", 443, true)]
    [InlineData("example.com", "example.com.", 443, true)]
    [InlineData("example.com", "www.example.com", 443, false)]
    [InlineData("example.com", "example.com.evil.test", 443, false)]
    [InlineData("example.com", "exa mple.com", 443, false)]
    [InlineData("example.com:8443", "example.com", 8443, true)]
    [InlineData("example.com:8443", "example.com", 443, false)]
    [InlineData("*.example.com", "a.example.com", 443, true)]
    [InlineData("*.example.com", "a.b.Example.com", 80, true)]
    [InlineData("*.example.com", "example.com", 443, false)]
    [InlineData("*.example.com", "badexample.com", 443, false)]
    [InlineData("*.example.com", ".example.com", 443, false)]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080, true)]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8081, false)]
    [InlineData("127.0.0.1", "127.0.0.1", 443, true)]
    [InlineData("127.0.0.1:8080", "localhost", 8080, false)]
    [InlineData("localhost:8080", "127.0.0.1", 8080, false)]
    [InlineData("localhost:8080", "LocalHost", 8080, true)]
    [InlineData("127.0.0.1:8080", "127.1", 8080, false)]
    [InlineData("127.0.0.1:8080", "2130706433", 8080, false)]
    [InlineData("127.0.0.1:8080", "0127.0.0.1", 8080, false)]
    [InlineData("127.0.0.1:8080", "[::ffff:127.0.0.1]", 8080, false)]
    [InlineData("[::1]:8080", "::1", 8080, true)]
    [InlineData("[::1]:8080", "[0:0::1]", 8080, true)]
    [InlineData("[::1]:8080", "127.0.0.1", 8080, false)]
    public void Matches_RequestedHostAndPort_AdmitsOnlyWhatIsListed(string entry, string host, int port, bool expected)
    {
        Assert.True(EgressRule.TryParse(entry, out var rule, out var error), error);

        Assert.Equal(expected, rule.Matches(host, port));
    }
}

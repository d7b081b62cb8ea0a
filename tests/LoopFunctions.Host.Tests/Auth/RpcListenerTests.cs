using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Auth;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Host.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Host.Tests.Auth;

/// <summary>The keyless loopback listener Durable Functions' client libraries get as <c>rpcBaseUrl</c>.</summary>
public sealed class RpcListenerTests : IAsyncLifetime
{
    private const string Key = "rpc-test-key-0123456789";
    private HostSandbox _sandbox = null!;
    private Uri _rpc = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteLoop("gated", LoopFiles.Gated(_sandbox.Repository, _sandbox.AgentScript));
        var app = await _sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:Keys"] = Key, ["LoopFunctions:RpcUrl"] = "http://127.0.0.1:0" });
        _rpc = app.RpcBaseAddress() ?? throw new InvalidOperationException("the client-library listener did not start");
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task RpcListener_HostWithKeys_ServesTheApiWithoutKeysOnLoopbackOnly()
    {
        Assert.Equal("/durabletask/", _rpc.AbsolutePath);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(_rpc.Host)));
        using var rpc = new HttpClient { BaseAddress = _rpc };

        using (var start = await rpc.PostAsync("orchestrators/gated/rpc-1", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            var payload = JsonNode.Parse(await start.Content.ReadAsStringAsync())!;

            // The payload leads back to this listener, so its URIs work without a key too.
            Assert.StartsWith(new Uri(_rpc, "instances/rpc-1").ToString(), payload["statusQueryGetUri"]!.ToString(), StringComparison.Ordinal);
            using var follow = await rpc.GetAsync(payload["statusQueryGetUri"]!.ToString());
            Assert.Equal(HttpStatusCode.Accepted, follow.StatusCode);
        }

        using (var list = await rpc.GetAsync("instances/"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        // The main listener still wants its key, and does not serve the keyless routes at all.
        using var main = new HttpClient { BaseAddress = _sandbox.App!.BaseAddress() };
        using (var keyed = await main.GetAsync("/runtime/webhooks/durabletask/instances/rpc-1"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, keyed.StatusCode);
        }

        using (var notHere = await main.GetAsync("/durabletask/instances/rpc-1"))
        {
            Assert.Equal(HttpStatusCode.NotFound, notHere.StatusCode);
        }

        using (var onlyItsPath = await rpc.GetAsync("/runtime/webhooks/durabletask/instances/rpc-1"))
        {
            Assert.Equal(HttpStatusCode.NotFound, onlyItsPath.StatusCode);
        }

        // A request a proxy forwarded comes from the proxy's loopback address; it is refused.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "instances/rpc-1");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var refused = await rpc.SendAsync(forwarded);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task RpcListener_FromAnotherAddressOfThisMachine_CannotBeReached()
    {
        var others = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        foreach (var address in others)
        {
            using var client = new TcpClient();
            var error = await Assert.ThrowsAsync<SocketException>(async () => await client.ConnectAsync(address, _rpc.Port));
            Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        }

        // Whatever the machine's addresses, the filter refuses a caller that is not on loopback.
        var http = new DefaultHttpContext();
        http.Connection.LocalIpAddress = IPAddress.Loopback;
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        Assert.NotNull(LoopbackOnlyFilter.Check(http));
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        Assert.Null(LoopbackOnlyFilter.Check(http));
        http.Connection.LocalIpAddress = IPAddress.Parse("192.0.2.8");
        Assert.NotNull(LoopbackOnlyFilter.Check(http));
    }

    [Theory]
    [InlineData("http://0.0.0.0:17071")]
    [InlineData("http://192.168.1.20:17071")]
    [InlineData("http://*:17071")]
    [InlineData("http://[::]:17071")]
    [InlineData("https://127.0.0.1:17071")]
    [InlineData("http://127.0.0.1:17071/api")]
    public void Build_RpcUrlNotOnLoopback_IsRefused(string url)
    {
        var settings = new LoopHostSettings { ContentRoot = _sandbox.Root, Urls = ["http://127.0.0.1:0"] };
        settings.Configuration["LoopFunctions:RpcUrl"] = url;
        var ex = Assert.Throws<HostConfigurationException>(() => LoopHost.Build(settings));
        Assert.Contains("LoopFunctions:RpcUrl", ex.Message, StringComparison.Ordinal);
    }
}

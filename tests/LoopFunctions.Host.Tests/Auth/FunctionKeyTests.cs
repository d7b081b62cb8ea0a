using System.Net;
using System.Text.Json.Nodes;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Auth;

public sealed class FunctionKeyTests : IAsyncLifetime
{
    private const string Key = "test-key-0123456789abcdef";
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteLoop("gated", LoopFiles.Gated(_sandbox.Repository, _sandbox.AgentScript));
        await _sandbox.StartHostAsync(new Dictionary<string, string?> { ["LoopFunctions:Keys"] = "another-key-0123456789," + Key });
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789abcdef")]
    [InlineData("")]
    public async Task Start_WithoutTheRightKey_Is401AndStartsNothing(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/loops/gated?instanceId=unauthorized");
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await _sandbox.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("function key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var check = new HttpRequestMessage(HttpMethod.Get, "/runtime/webhooks/durabletask/instances/unauthorized");
        check.Headers.Add("x-functions-key", Key);
        using var status = await _sandbox.Http.SendAsync(check);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task Start_WithTheKeyInHeaderOrCodeQuery_IsAccepted()
    {
        using var header = new HttpRequestMessage(HttpMethod.Post, "/api/loops/gated?instanceId=by-header");
        header.Headers.Add("x-functions-key", Key);
        using var byHeader = await _sandbox.Http.SendAsync(header);
        Assert.Equal(HttpStatusCode.Accepted, byHeader.StatusCode);

        using var byQuery = await _sandbox.Http.PostAsync($"/api/loops/gated?instanceId=by-query&code={Key}", null);
        Assert.Equal(HttpStatusCode.Accepted, byQuery.StatusCode);

        // The status URIs carry the caller's key so a check-status client can follow them as given.
        var payload = JsonNode.Parse(await byQuery.Content.ReadAsStringAsync())!;
        using var follow = await _sandbox.Http.GetAsync(payload["statusQueryGetUri"]!.ToString());
        Assert.Equal(HttpStatusCode.Accepted, follow.StatusCode);
    }

    [Fact]
    public async Task StartLoopOrchestrator_WithoutTheKey_Is401_WithIt_Is202()
    {
        const string Route = "/runtime/webhooks/durabletask/orchestrators/LoopOrchestrator/";
        using var without = await _sandbox.Http.PostAsync(Route + "no-key", new StringContent("""{"loop": "gated"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);

        using var with = await _sandbox.Http.PostAsync($"{Route}with-key?code={Key}", new StringContent("""{"loop": "gated"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, with.StatusCode);
        Assert.Contains("code=" + Key, with.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/runtime/webhooks/durabletask/instances")]
    [InlineData("/dashboard")]
    [InlineData("/api/dashboard/spend")]
    [InlineData("/api/loops")]
    public async Task ManagementAndDashboard_WithoutKey_Are401(string path)
    {
        using var response = await _sandbox.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var withKey = await _sandbox.Http.GetAsync(path + "?code=" + Key);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:7071")]
    [InlineData("http://192.168.1.20:7071")]
    [InlineData("http://*:7071")]
    public void Build_NoKeyOnANonLoopbackAddress_IsRefused(string url)
    {
        var ex = Assert.Throws<HostConfigurationException>(() => LoopHost.Build(new LoopHostSettings { ContentRoot = _sandbox.Root, Urls = [url] }));
        Assert.Contains("without a key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ShortKey_IsRefused()
    {
        var settings = new LoopHostSettings { ContentRoot = _sandbox.Root, Urls = ["http://127.0.0.1:0"] };
        settings.Configuration["LoopFunctions:Keys"] = "short";
        var ex = Assert.Throws<HostConfigurationException>(() => LoopHost.Build(settings));
        Assert.Contains("at least 16 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_KeysFromLocalSettingsValues_AreRequired()
    {
        await using var sandbox = await HostSandbox.CreateAsync();
        File.WriteAllText(Path.Combine(sandbox.Root, "local.settings.json"), "{ \"IsEncrypted\": false, \"Values\": { \"LoopFunctions__Keys\": \"from-local-settings-0123\" } }");
        await sandbox.StartHostAsync();

        using var without = await sandbox.Http.GetAsync("/runtime/webhooks/durabletask/instances");
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        using var with = await sandbox.Http.GetAsync("/runtime/webhooks/durabletask/instances?code=from-local-settings-0123");
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public void Build_MalformedLocalSettings_NamesFileAndLine()
    {
        File.WriteAllText(Path.Combine(_sandbox.Root, "local.settings.json"), "{\n  \"Values\": {\n    \"LoopFunctions:Keys\": \n  }\n}");
        try
        {
            var ex = Assert.Throws<HostConfigurationException>(() => LoopHost.Build(new LoopHostSettings { ContentRoot = _sandbox.Root, Urls = ["http://127.0.0.1:0"] }));
            Assert.Contains("local.settings.json:4", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(Path.Combine(_sandbox.Root, "local.settings.json"));
        }
    }
}

using System.Text.Json.Nodes;
using LoopFunctions.Host.Hosting;
using LoopFunctions.Host.Tests.TestSupport;

namespace LoopFunctions.Host.Tests.Clients;

/// <summary>Durable Functions' npm client (durable-functions 3.5.0, unchanged) against a served host over real HTTP on
/// 127.0.0.1: every operation of a loop's life, through <c>rpcBaseUrl</c> (keyless, loopback) and through the
/// management URLs (with the host's key when it has keys).</summary>
public abstract class NpmClientTestsBase(string? key) : IAsyncLifetime
{
    private HostSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await HostSandbox.CreateAsync();
        _sandbox.WriteQuickAndGatedLoops();
        var configuration = new Dictionary<string, string?> { ["LoopFunctions:RpcUrl"] = "http://127.0.0.1:0" };
        if (key is not null)
        {
            configuration["LoopFunctions:Keys"] = key;
        }

        await _sandbox.StartHostAsync(configuration, key: key);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("rpc")]
    [InlineData("urls")]
    public async Task Scenario_EveryOperationOfALoop_WorksThroughTheClient(string mode)
    {
        var prefix = $"npm-{mode}";

        // The setup of this loop fails on its first three calls (every attempt of PrepareWorkspace): the run fails
        // and is rewound.
        _sandbox.WriteFlakyLoop($"flaky-{mode}", "1 2 3");
        var origin = _sandbox.App!.BaseAddress();
        var rpc = mode == "rpc" ? _sandbox.App!.RpcBaseAddress() : null;

        // Pages of 2 in the URL mode, so listing follows x-ms-continuation-token through several pages.
        var binding = NodeClient.Binding(origin, rpc, key, extraQuery: mode == "urls" ? "&top=2" : "");
        var result = await NodeClient.RunAsync(new JsonObject { ["binding"] = binding, ["origin"] = origin.ToString(), ["prefix"] = prefix, ["flakyLoop"] = $"flaky-{mode}" });
        var text = result.ToJsonString();
        Assert.Null(result["fatal"]);

        Assert.Equal($"{prefix}-gated", result["start"]!.ToString());
        Assert.Equal("Running", result["waiting"]!["runtimeStatus"]!.ToString());
        Assert.Equal("LoopOrchestrator", result["waiting"]!["name"]!.ToString());
        Assert.Equal("{\"ticket\":1}", result["waiting"]!["input"]!["input"]!.ToJsonString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$", result["waiting"]!["createdTime"]!.ToString());
        Assert.Equal("Suspended", result["suspended"]!.ToString());
        Assert.Equal("Running", result["resumed"]!.ToString());
        Assert.Equal("ok", result["raised"]!.ToString());
        Assert.Equal("{\"runtimeStatus\":\"Completed\",\"outcome\":\"Verified\",\"pushed\":true}", result["approved"]!.ToJsonString());
        Assert.Equal("Completed", result["history"]!["runtimeStatus"]!.ToString());
        Assert.Equal("Terminated", result["terminated"]!.ToString());
        Assert.Equal("{\"status\":200,\"outcome\":\"Verified\"}", result["startAndWait"]!.ToJsonString());
        Assert.Equal("{\"status\":200,\"outcome\":\"Verified\"}", result["clientWait"]!.ToJsonString());
        Assert.True("{\"before\":\"Failed\",\"after\":\"Completed\",\"outcome\":\"Verified\"}" == result["rewound"]!.ToJsonString(), text);

        string[] all = [$"{prefix}-flaky", $"{prefix}-gated", $"{prefix}-polled", $"{prefix}-term", $"{prefix}-waited"];
        Assert.Equal(all, result["listed"]!.AsArray().Select(i => i!.ToString()));
        Assert.Equal(5, (int)result["listedAll"]!);

        Assert.Contains($"No instance with ID '{prefix}-nope' found.", result["raiseUnknown"]!["error"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("HTTP 404", result["statusUnknown"]!["error"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal($"No instance with ID '{prefix}-nope' found.", result["rewindUnknown"]!["error"]!.ToString());

        Assert.True(1 == (int)result["purgedOne"]!, text);
        Assert.True(4 == (int)result["purgedBy"]!, text);
        Assert.True(0 == (int)result["afterPurge"]!, text);
    }
}

/// <summary>A host with keys: the management URLs carry the key; <c>rpcBaseUrl</c> needs none.</summary>
public sealed class NpmClientWithKeysTests() : NpmClientTestsBase("npm-client-key-0123456789");

/// <summary>A host without keys (loopback only): neither mode sends a key.</summary>
public sealed class NpmClientWithoutKeysTests() : NpmClientTestsBase(null);

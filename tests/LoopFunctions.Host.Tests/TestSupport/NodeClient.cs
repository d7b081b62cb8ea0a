using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LoopFunctions.Host.Tests.TestSupport;

/// <summary>Runs <c>Clients/durable-client.js</c> with Durable Functions' npm client from the repository's
/// <c>.tools/node_modules</c> (test.sh installs it) as a real child process, and returns what it printed.</summary>
internal static class NodeClient
{
    public const string PackageVersion = "3.5.0";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    /// <summary>The input binding data the Functions host passes to a durable client: the management URLs (with the
    /// key in their query, as the system key is) and, for the rpc mode, <c>rpcBaseUrl</c>.</summary>
    /// <param name="origin">The keyed listener, e.g. <c>http://127.0.0.1:7071</c>.</param>
    /// <param name="rpcBaseUrl">The keyless listener's base URL, or null for the management-URL mode.</param>
    /// <param name="key">The function key the URLs carry, if the host has keys.</param>
    /// <param name="extraQuery">Appended to the status URL only (a test's page size, to make the client follow continuation tokens).</param>
    public static JsonObject Binding(Uri origin, Uri? rpcBaseUrl, string? key, string extraQuery = "")
    {
        var root = origin.GetLeftPart(UriPartial.Authority) + "/runtime/webhooks/durabletask";
        var query = "taskHub=LoopFunctions&connection=Storage" + (key is null ? "" : "&code=" + Uri.EscapeDataString(key));
        var instance = root + "/instances/INSTANCEID";
        var binding = new JsonObject
        {
            ["taskHubName"] = "LoopFunctions",
            ["creationUrls"] = new JsonObject
            {
                ["createNewInstancePostUri"] = $"{root}/orchestrators/{{functionName}}[/{{instanceId}}]?{query}",
                ["createAndWaitOnNewInstancePostUri"] = $"{root}/orchestrators/{{functionName}}[/{{instanceId}}]?timeout={{timeoutInSeconds}}&pollingInterval={{intervalInSeconds}}&{query}",
            },
            ["managementUrls"] = new JsonObject
            {
                ["id"] = "INSTANCEID",
                ["statusQueryGetUri"] = $"{instance}?{query}{extraQuery}",
                ["sendEventPostUri"] = $"{instance}/raiseEvent/{{eventName}}?{query}",
                ["terminatePostUri"] = $"{instance}/terminate?reason={{text}}&{query}",
                ["rewindPostUri"] = $"{instance}/rewind?reason={{text}}&{query}",
                ["purgeHistoryDeleteUri"] = $"{instance}?{query}",
                ["restartPostUri"] = $"{instance}/restart?{query}",
                ["suspendPostUri"] = $"{instance}/suspend?reason={{text}}&{query}",
                ["resumePostUri"] = $"{instance}/resume?reason={{text}}&{query}",
            },
            ["baseUrl"] = root,
            ["requiredQueryStringParameters"] = key is null ? "" : "code=" + Uri.EscapeDataString(key),
        };
        if (rpcBaseUrl is not null)
        {
            binding["rpcBaseUrl"] = rpcBaseUrl.ToString();
        }

        return binding;
    }

    /// <summary>Runs the script with <paramref name="arguments"/> and parses the JSON line it prints.</summary>
    public static async Task<JsonObject> RunAsync(JsonObject arguments)
    {
        var modules = Path.Combine(RepositoryRoot(), ".tools", "node_modules");
        var package = Path.Combine(modules, "durable-functions", "package.json");
        if (!File.Exists(package))
        {
            throw new InvalidOperationException($"Durable Functions' npm client is not installed: run ./test.sh, or npm install --prefix .tools durable-functions@{PackageVersion}.");
        }

        Assert.Equal(PackageVersion, JsonNode.Parse(await File.ReadAllTextAsync(package))!["version"]!.ToString());
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Clients", "durable-client.js"));
        start.ArgumentList.Add(arguments.ToJsonString());
        start.Environment["NODE_PATH"] = modules;
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            await node.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"the npm client script did not finish within {Deadline}:\n{await stdout}\n{await stderr}");
        }

        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0 && node.ExitCode == 0, $"node exited with {node.ExitCode}:\n{await stdout}\n{await stderr}");
        return JsonNode.Parse(lines[^1])!.AsObject();
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LoopFunctions.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException($"No LoopFunctions.sln above {AppContext.BaseDirectory}.");
    }
}

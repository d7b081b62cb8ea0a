using System.Diagnostics;
using LoopFunctions.Loops.Tests.Agents;

namespace LoopFunctions.Cli.Tests;

/// <summary>What a run needs from the machine is checked before it is scheduled: each missing piece is named with
/// its fix, and nothing is started or spent (the model stub gets no call, the store is not even created).</summary>
public sealed class PreflightTests : IAsyncLifetime
{
    private LoopSandbox _sandbox = null!;
    private StubChatServer _model = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await LoopSandbox.CreateAsync();
        _model = await StubChatServer.StartAsync(StubReply.Final("nothing to do", 100, 10));
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        _sandbox.Dispose();
    }

    [Theory]
    [InlineData("key", "LOOPFN_TEST_UNSET_KEY (agent.api_key_env), which is not set; set it")]
    [InlineData("repository", "does not exist: give an existing git repository with --repo PATH")]
    [InlineData("base-branch", "the base branch 'main' is not in the repository")]
    [InlineData("bubblewrap", "Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), or set agent.sandbox: none")]
    [InlineData("publish", "outputs.publish needs an Azure Storage connection string: set LOOPFN_PUBLISH_CONNECTION")]
    [InlineData("github-token", "outputs.pull_request needs a GitHub token: set GITHUB_TOKEN")]
    public async Task Run_MachineLacksWhatTheLoopNeeds_RefusedBeforeSchedulingWithTheFixAndNothingSpent(string missing, string fix)
    {
        var repository = _sandbox.Repository;
        var outputs = "";
        var keyVariable = "LOOPFN_TEST_KEY";
        using var noBubblewrap = new NoBubblewrapPath();
        var environment = new Dictionary<string, string>
        {
            ["LOOPFN_TEST_KEY"] = "any",
            ["LOOPFN_PUBLISH_CONNECTION"] = "",
            ["AzureWebJobsStorage"] = "",
            ["LOOPFN_PUBLISH_KEY"] = "",
            ["GITHUB_TOKEN"] = "",
        };
        switch (missing)
        {
            case "key":
                keyVariable = "LOOPFN_TEST_UNSET_KEY";
                break;
            case "repository":
                repository = Path.Combine(_sandbox.Root, "no-such-repository");
                break;
            case "base-branch":
                repository = await MasterRepositoryAsync();
                fix = fix + " " + repository + " (its branches: master); set workspace.base_branch: master";
                break;
            case "bubblewrap":
                environment["PATH"] = noBubblewrap.Folder;
                break;
            case "publish":
                outputs = "outputs:\n  publish:\n    folder: site/\n    container: reports";
                break;
            case "github-token":
                outputs = "outputs:\n  push: true\n  pull_request:\n    title: \"loop {loop}\"";
                break;
        }

        var loop = Path.Combine(_sandbox.Root, "needs.md");
        await File.WriteAllTextAsync(loop, $"""
            ---
            workspace:
              base_branch: main
            agent:
              kind: openai
              model: gpt-4o-mini
              endpoint: {_model.OpenAiEndpoint}
              api_key_env: {keyVariable}
              timeout: 1m
            verify:
              - name: tests
                command: [bash, tests/test_calc.sh]
                timeout: 1m
            limits:
              max_iterations: 1
            {outputs}
            ---
            Make the calculator tests pass.
            """);

        await using var run = CliProcess.Start(environment, "run", loop, "--repo", repository, "--store", _sandbox.Store);
        var exit = await run.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exit == ExitCodes.Error, run.Output);
        Assert.Contains(fix, run.Output, StringComparison.Ordinal);
        Assert.Contains("not started; nothing was spent", run.Output, StringComparison.Ordinal);
        Assert.Empty(_model.Requests);
        Assert.False(File.Exists(_sandbox.Store), "the store was opened:\n" + run.Output);
    }

    [Fact]
    public async Task Demo_NoBubblewrap_RunsTheScriptedAgentUnconfinedToVerifiedAndSaysSo()
    {
        using var noBubblewrap = new NoBubblewrapPath();

        await using var demo = CliProcess.Start(new Dictionary<string, string> { ["PATH"] = noBubblewrap.Folder, ["OPENAI_API_KEY"] = "", ["AZURE_OPENAI_ENDPOINT"] = "" }, "demo", "--folder", Path.Combine(_sandbox.Root, "demo"));
        var exit = await demo.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(exit == ExitCodes.Success, demo.Output);
        Assert.Contains("bwrap is not installed", demo.Output, StringComparison.Ordinal);
        Assert.Contains("runs unconfined (agent.sandbox: none)", demo.Output, StringComparison.Ordinal);
        Assert.Contains("Verified", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_AzureOpenAiEndpointAndKey_RunsOnTheAzureDeploymentToVerified()
    {
        // As the README says: AZURE_OPENAI_ENDPOINT + AZURE_OPENAI_API_KEY (and no OPENAI_API_KEY) make the demo use a model.
        await using var azure = await StubChatServer.StartAsync(
            StubReply.ToolCalls(1200, 80, ("call_1", "edit_file", new { path = "src/calc.sh", old = "add() {\n  echo $(( $1 - $2 ))", @new = "add() {\n  echo $(( $1 + $2 ))" })),
            StubReply.Final("add now adds.", 1300, 20));
        var environment = new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "",
            ["AZURE_OPENAI_ENDPOINT"] = azure.BaseUri.ToString(),
            ["AZURE_OPENAI_API_KEY"] = "azure-key",
        };

        await using var demo = CliProcess.Start(environment, "demo", "--folder", Path.Combine(_sandbox.Root, "demo"));
        var exit = await demo.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(exit == ExitCodes.Success, demo.Output);
        Assert.Contains("a real model on Azure OpenAI", demo.Output, StringComparison.Ordinal);
        Assert.NotEmpty(azure.Requests);
        Assert.All(azure.Requests, r => Assert.StartsWith("/openai/deployments/gpt-4o-mini/", r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoopfnScript_DemoWithAModelAndNoBubblewrap_StopsBeforeTheBuildNamingTheFix()
    {
        using var noBubblewrap = new NoBubblewrapPath();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _sandbox.Root };
        start.ArgumentList.Add(Path.Combine(RepoRoot(), "loopfn"));
        start.ArgumentList.Add("demo");
        start.Environment["PATH"] = noBubblewrap.Folder;
        start.Environment["OPENAI_API_KEY"] = "any";
        start.Environment["LOOPFN_NO_INSTALL"] = "1";
        using var script = Process.Start(start)!;
        var error = script.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await script.WaitForExitAsync(deadline.Token);

        Assert.Equal(1, script.ExitCode);
        Assert.Contains("bubblewrap is not installed", await error, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install bubblewrap", await error, StringComparison.Ordinal);
        Assert.DoesNotContain("building the CLI", await error, StringComparison.Ordinal);
    }

    /// <summary>A repository whose only branch is master.</summary>
    private async Task<string> MasterRepositoryAsync()
    {
        var path = Directory.CreateDirectory(Path.Combine(_sandbox.Root, "on-master")).FullName;
        await Loops.Workspace.Git.RunAsync(path, CancellationToken.None, "init", "--quiet", "--initial-branch=master");
        await File.WriteAllTextAsync(Path.Combine(path, "README"), "hello\n");
        await Loops.Workspace.Git.RunAsync(path, CancellationToken.None, "add", "--all");
        await Loops.Workspace.Git.RunAsync(path, CancellationToken.None, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "--quiet", "-m", "first");
        return path;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "LoopFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }
}

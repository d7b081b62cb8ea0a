namespace LoopFunctions.Cli.Tests;

/// <summary>Instance ids map to workspaces and branches one to one; invalid ids are a usage error; an id belongs to
/// one loop.</summary>
public sealed class InstanceIdTests
{
    [Fact]
    public async Task Run_IdsThatDifferOnlyInPunctuation_GetTheirOwnWorkspaceAndBranch()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("e2e", sandbox.Agent("fix", Agents.Fix), limits: "max_iterations: 1");

        var (firstExit, firstError) = await sandbox.RunAsync(loop, "c d");
        var (secondExit, secondError) = await sandbox.RunAsync(loop, "c-d");

        Assert.True(firstExit == 0, firstError);
        Assert.True(secondExit == 0, secondError);
        var workspaces = Directory.GetDirectories(sandbox.Workspaces);
        Assert.Equal(2, workspaces.Length);
        var branches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workspace in workspaces)
        {
            Assert.Equal(["loop e2e: iteration 1"], await sandbox.LoopCommitsAsync(workspace));
            branches.Add((await Loops.Workspace.Git.RunAsync(workspace, CancellationToken.None, "symbolic-ref", "--short", "HEAD")).Trim());
        }

        Assert.Equal(2, branches.Count);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/abs")]
    [InlineData("")]
    [InlineData("a\nb")]
    [InlineData(null)]
    public async Task Run_InvalidInstanceId_UsageErrorBeforeAnythingIsStored(string? id)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loop = sandbox.Loop("e2e", sandbox.Agent("fix", Agents.Fix));
        id ??= new string('x', 5000);

        var (exit, error) = await CliAsync("run", loop, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", id);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--instance", error, StringComparison.Ordinal);
        Assert.False(File.Exists(sandbox.Store));
    }

    [Fact]
    public async Task Run_IdReusedWithAnotherLoop_Refused()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var first = sandbox.Loop("first", sandbox.Agent("fix", Agents.Fix), limits: "max_iterations: 1");
        var second = sandbox.Loop("second", sandbox.Agent("fix2", Agents.Fix), limits: "max_iterations: 1");
        Assert.Equal(0, (await sandbox.RunAsync(first, "shared")).Exit);

        var (exit, error) = await CliAsync("run", second, "--repo", sandbox.Repository, "--store", sandbox.Store, "--instance", "shared");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("loop 'first'", error, StringComparison.Ordinal);
        Assert.Equal(["loop first: iteration 1"], await sandbox.LoopCommitsAsync());
    }

    private static async Task<(int Exit, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, error.ToString());
    }
}

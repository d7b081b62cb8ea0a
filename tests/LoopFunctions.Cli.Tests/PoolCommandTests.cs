namespace LoopFunctions.Cli.Tests;

/// <summary><c>limits.pool</c> through the real <c>loopfn</c> process: <c>validate</c> refuses a pool the environment's
/// settings (<c>LoopFunctions__Pools__...</c>) do not declare, at the key's line, and accepts a declared one.</summary>
public sealed class PoolCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Validate_PoolNotDeclared_RefusedAtItsLine()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loops = Directory.CreateDirectory(Path.Combine(sandbox.Root, "loops")).FullName;
        File.Move(sandbox.Loop("local", sandbox.Agent("fix", Agents.Fix), limits: "pool: team-a"), Path.Combine(loops, "local.md"));

        await using var validate = CliProcess.Start("validate", loops);

        Assert.Equal(1, await validate.WaitForExitAsync(Deadline));
        Assert.Contains("local.md:13:9: limits.pool names the budget pool 'team-a', which the host's settings do not declare", validate.Output, StringComparison.Ordinal);
        Assert.Contains("0 valid, 1 invalid", validate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_PoolDeclaredInTheEnvironment_Valid()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var loops = Directory.CreateDirectory(Path.Combine(sandbox.Root, "loops")).FullName;
        File.Move(sandbox.Loop("local", sandbox.Agent("fix", Agents.Fix), limits: "pool: team-a"), Path.Combine(loops, "local.md"));
        var environment = new Dictionary<string, string> { ["LoopFunctions__Pools__team-a__MaxCostUsd"] = "5" };

        await using var validate = CliProcess.Start(environment, "validate", loops);

        Assert.True(await validate.WaitForExitAsync(Deadline) == 0, validate.Output);
        Assert.Contains("1 valid, 0 invalid", validate.Output, StringComparison.Ordinal);
    }
}

using System.Diagnostics;

namespace LoopFunctions.Cli.Tests;

/// <summary>What an agent reports and how long it may take: usage is validated, <c>max_duration</c> stops the running
/// step at the deadline, and a huge summary still commits.</summary>
public sealed class AgentReportTests
{
    [Theory]
    [InlineData("-5000000", "300")]
    [InlineData("1200", "-1")]
    [InlineData("99999999999999999999999999999", "300")]
    [InlineData("1e300", "300")]
    [InlineData("12.5", "300")]
    public async Task Run_AgentReportsInvalidUsage_StepFailsClearlyAndNothingIsSubtracted(string input, string output)
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var agent = sandbox.Agent("liar", "sed -i '4s/-/+/' src/calc.sh\n"
            + $"echo '{{\"summary\": \"done\", \"usage\": {{\"input_tokens\": {input}, \"output_tokens\": {output}}}, \"cost_usd\": 0.01}}'");
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 2\nmax_tokens: 100000");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Error, error);
        Assert.Contains("usage", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" -", error.Split('\n').Where(l => l.Contains("tokens", StringComparison.Ordinal)).FirstOrDefault() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MaxDurationPassesDuringAgentStep_StepIsStoppedAtTheDeadline()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var agent = sandbox.Agent("slow", "sleep 45\ntouch finished-sleeping\n" + Agents.Fix);
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 3\nmax_duration: 5s");
        var watch = Stopwatch.StartNew();

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Unverified, error);
        Assert.Contains("BudgetExhausted", error, StringComparison.Ordinal);
        Assert.Contains("max_duration 5s", error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(40), $"the run took {watch.Elapsed}: the agent was not stopped at the deadline\n{error}");
        Assert.Empty(Directory.EnumerateFiles(sandbox.Root, "finished-sleeping", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Run_AgentSummaryOfHundredsOfKilobytes_CommitsAndVerifies()
    {
        using var sandbox = await LoopSandbox.CreateAsync();
        var agent = sandbox.Agent("chatty", "sed -i '4s/-/+/' src/calc.sh\n"
            + "summary=\"Fixed add. $(head -c 200000 /dev/zero | tr '\\0' 'a')\"\n"
            + "printf '{\"summary\": \"%s\", \"usage\": {\"input_tokens\": 10, \"output_tokens\": 10}}\\n' \"$summary\"");
        var loop = sandbox.Loop("e2e", agent, limits: "max_iterations: 1");

        var (exit, error) = await sandbox.RunAsync(loop);

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal(["loop e2e: iteration 1"], await sandbox.LoopCommitsAsync());
        var body = await Loops.Workspace.Git.RunAsync(sandbox.Workspace, CancellationToken.None, "log", "-1", "--format=%B", "HEAD");
        Assert.Contains("Fixed add. aaaa", body, StringComparison.Ordinal);
    }
}

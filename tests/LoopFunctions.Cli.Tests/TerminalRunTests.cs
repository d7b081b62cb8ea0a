using System.Diagnostics;
using LoopFunctions.Cli.Commands;
using LoopFunctions.Cli.Terminal;
using LoopFunctions.Loops.Planning;
using Spectre.Console.Testing;

namespace LoopFunctions.Cli.Tests;

/// <summary>Real loops run with a terminal and without: the live view in place of the progress lines, the plain
/// lines (no escape sequence) when the output is not a terminal or with <c>--json</c>, the <c>costs</c> tables, and
/// the built <c>loopfn</c> under a pseudo-terminal drawing its live view.</summary>
public sealed class TerminalRunTests : IAsyncLifetime
{
    private const string Talker = "echo 'editing src/calc.sh now'\n";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private LoopSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await LoopSandbox.CreateAsync();

    public Task DisposeAsync()
    {
        _sandbox.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RunLoopAsync_Terminal_LiveViewShowsTheRunAndThePlainLinesKeepOnlyTheOutcome()
    {
        var loop = _sandbox.Loop("live", _sandbox.Agent("talker", Talker + Agents.Fix));
        using var console = new TestConsole().Width(120).Height(30).Interactive().EmitAnsiSequences();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await RunCommand.RunLoopAsync(LoopFileReader.LoadFile(loop), _sandbox.Repository, null, _sandbox.Store, "live-1", json: false, output, error, terminal: new CliTerminal(console, console));

        var drawn = console.Output;
        Assert.True(exit == ExitCodes.Success, error + drawn);
        Assert.Contains("\u001b[", drawn, StringComparison.Ordinal);
        Assert.Contains("done", drawn, StringComparison.Ordinal);
        Assert.Contains("iteration 1 of 3", drawn, StringComparison.Ordinal);
        Assert.Contains("1,500 tokens", drawn, StringComparison.Ordinal);
        Assert.Contains("editing src/calc.sh now", drawn, StringComparison.Ordinal);
        var lines = error.ToString();
        Assert.Contains("Verified: ", lines, StringComparison.Ordinal);
        Assert.Contains("the loop branch is in your repository", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("  │ ", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("iteration 1 · ", lines, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', lines);
    }

    [Fact]
    public async Task RunLoopAsync_JsonOnATerminal_PlainLinesAndNothingDrawn()
    {
        var loop = _sandbox.Loop("json", _sandbox.Agent("talker", Talker + Agents.Fix));
        using var console = new TestConsole().Width(120).Interactive().EmitAnsiSequences();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await RunCommand.RunLoopAsync(LoopFileReader.LoadFile(loop), _sandbox.Repository, null, _sandbox.Store, "json-1", json: true, output, error, terminal: new CliTerminal(console, console));

        Assert.True(exit == ExitCodes.Success, error.ToString());
        Assert.Equal("", console.Output);
        Assert.Contains("iteration 1 · ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("  │ ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"Verified\"", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error.ToString() + output);
    }

    [Fact]
    public async Task RunAndCosts_NotATerminal_PlainLinesWithoutEscapes_CostsOnATerminal_Tables()
    {
        var loop = _sandbox.Loop("plain", _sandbox.Agent("talker", Talker + Agents.Fix));
        var (exit, error) = await _sandbox.RunAsync(loop, "plain-1");
        Assert.True(exit == ExitCodes.Success, error);
        using var console = new TestConsole().Width(160);

        var (plainExit, plain, _) = await CliAsync(null, "costs", "--store", _sandbox.Store);
        var (tableExit, tableOutput, _) = await CliAsync(new CliTerminal(console, console), "costs", "--store", _sandbox.Store);
        var (jsonExit, json, _) = await CliAsync(new CliTerminal(console, console), "costs", "--store", _sandbox.Store, "--json");

        Assert.Contains("iteration 1 · ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error + plain);
        Assert.Equal((ExitCodes.Success, ExitCodes.Success, ExitCodes.Success), (plainExit, tableExit, jsonExit));
        Assert.StartsWith("loop ", plain, StringComparison.Ordinal);
        Assert.Equal("", tableOutput);
        Assert.StartsWith("{\"loops\":", json, StringComparison.Ordinal);
        Assert.Contains(console.Lines, l => l.Contains("│ plain", StringComparison.Ordinal) && l.Contains("100 %", StringComparison.Ordinal));
        Assert.Contains(console.Lines, l => l.Contains("per verified", StringComparison.Ordinal));
        Assert.Contains("by model", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnderAPseudoTerminal_DrawsTheLiveViewThenPrintsTheOutcome()
    {
        // test.sh installs util-linux's script (bsdutils): without it this test would prove nothing, so it fails.
        Assert.True(File.Exists("/usr/bin/script"), "/usr/bin/script (bsdutils) is needed to give loopfn a pseudo-terminal");

        var loop = _sandbox.Loop("pty", _sandbox.Agent("talker", Talker + Agents.Fix));
        var loopfn = $"dotnet '{Path.Combine(AppContext.BaseDirectory, "loopfn.dll")}' run '{loop}' --repo '{_sandbox.Repository}' --store '{_sandbox.Store}' --instance pty-1";
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        // A pseudo-terminal made without a terminal around it has no size: give it one, as a window would.
        foreach (var arg in new[] { "-qec", $"stty cols 120 rows 40; exec {loopfn}", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("NO_COLOR");
        using var script = Process.Start(start)!;
        try
        {
            var read = script.StandardOutput.ReadToEndAsync();
            var readError = script.StandardError.ReadToEndAsync();
            await script.WaitForExitAsync().WaitAsync(Deadline);
            var text = await read + await readError;

            Assert.True(script.ExitCode == ExitCodes.Success, text);
            Assert.Contains("\u001b[", text, StringComparison.Ordinal);
            Assert.Contains("iteration 1 of 3", text, StringComparison.Ordinal);
            Assert.Contains("editing src/calc.sh now", text, StringComparison.Ordinal);
            Assert.Contains("Verified: ", text, StringComparison.Ordinal);
            Assert.Contains("loop/pty/pty-1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("iteration 1 · ", text, StringComparison.Ordinal);
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
                await script.WaitForExitAsync();
            }
        }
    }

    private static async Task<(int Exit, string Output, string Error)> CliAsync(CliTerminal? terminal, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, terminal);
        return (exit, output.ToString(), error.ToString());
    }
}

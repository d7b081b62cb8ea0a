using System.Text.Json.Nodes;
using LoopFunctions.Cli.Terminal;
using LoopFunctions.Loops.Ledger;
using LoopFunctions.Loops.Orchestration;
using Spectre.Console;
using Spectre.Console.Testing;

namespace LoopFunctions.Cli.Tests;

/// <summary>The terminal side of loopfn apart from any run: the live view's data and its drawing, the live display
/// around a watch, the tables of <c>list</c> and <c>costs</c>, and when a stream gets drawn at all. Drawn on
/// Spectre's <see cref="TestConsole"/>.</summary>
public sealed class LiveViewTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void Render_RunningFrame_ShowsPhaseIterationElapsedTokensCostAndTranscript()
    {
        using var console = new TestConsole().Width(120);
        var frame = Frame() with { Transcript = ["  │ iteration 2", "  │ 12:00:01 output: editing src/calc.sh"] };

        console.Write(RunViewRenderer.Render(frame, Spinner.Known.Line, 1));

        var text = console.Output;
        Assert.Contains(Spinner.Known.Line.Frames[1] + " verify · fix-calc · iteration 2 of 5 · 1:05 · 12,345 tokens · $0.0123 · left: 3 iter", text, StringComparison.Ordinal);
        Assert.Contains("  tests: 1 failed", text, StringComparison.Ordinal);
        Assert.Contains("agent error: refused", text, StringComparison.Ordinal);
        Assert.Contains("  │ 12:00:01 output: editing src/calc.sh", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("verify ·", StringComparison.Ordinal) < text.IndexOf("editing src/calc.sh", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Render_EndedFrame_NoSpinnerAndTheClockStays()
    {
        using var console = new TestConsole().Width(120);

        console.Write(RunViewRenderer.Render(Frame() with { Running = false, Phase = "done" }, Spinner.Known.Line, 3));

        Assert.StartsWith("• done · fix-calc · iteration 2 of 5 · 1:05", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TextWithMarkupBrackets_DrawnAsWritten()
    {
        using var console = new TestConsole().Width(120);
        var frame = Frame() with { Loop = "[bold]loop[/]", Verification = "[red]x[/]", Transcript = ["  │ echo [link=http://evil]y[/]"] };

        console.Write(RunViewRenderer.Render(frame, Spinner.Known.Line, 0));

        Assert.Contains("[bold]loop[/]", console.Output, StringComparison.Ordinal);
        Assert.Contains("[red]x[/]", console.Output, StringComparison.Ordinal);
        Assert.Contains("echo [link=http://evil]y[/]", console.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(65, "1:05")]
    [InlineData(3725, "1:02:05")]
    public void Clock_Elapsed_MinutesAndSeconds(int seconds, string expected) =>
        Assert.Equal(expected, RunViewRenderer.Clock(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void RunView_StatusAndMoreTranscriptThanItsHeight_FrameHasTheStatusAndTheNewestLines()
    {
        var view = new RunView("fix-calc", 3, transcriptLines: 2);
        Assert.Equal(("starting", 0, "$0.0000", (string?)null), (view.Frame().Phase, view.Frame().Iteration, view.Frame().Cost, view.Frame().Left));

        view.Show(Status());
        view.AddTranscript("one");
        view.AddTranscript("two");
        view.AddTranscript("three");
        view.Note("waiting for approval");
        var frame = view.Frame();

        Assert.Equal(("verify", 2, 3, 12_345L, "$0.0123"), (frame.Phase, frame.Iteration, frame.MaxIterations, frame.Tokens, frame.Cost));
        Assert.Equal("3 iter, $0.50", frame.Left);
        Assert.Equal("tests: 1 failed", frame.Verification);
        Assert.Equal(["two", "three"], frame.Transcript);
        Assert.Equal(["waiting for approval"], frame.Notes);
        Assert.True(frame.Running);
        view.End();
        Assert.False(view.Frame().Running);
    }

    [Fact]
    public async Task ShowAsync_WatchUpdatesTheViewThenEnds_LastFrameStaysWithTheEndState()
    {
        using var console = new TestConsole().Width(120).Height(30).Interactive().EmitAnsiSequences();
        var view = new RunView("fix-calc", 5);
        var watched = new TaskCompletionSource();

        var result = await LiveRun.ShowAsync(console, view, async () =>
        {
            view.Show(Status());
            view.AddTranscript("  │ 12:00:01 output: fixed it");
            await Task.Yield();
            watched.SetResult();
            return 42;
        }).WaitAsync(Deadline);

        Assert.Equal(42, result);
        Assert.True(watched.Task.IsCompleted);
        var text = console.Output;
        Assert.Contains("\u001b[", text, StringComparison.Ordinal);
        Assert.Contains("verify", text, StringComparison.Ordinal);
        Assert.Contains("iteration 2 of 5", text, StringComparison.Ordinal);
        Assert.Contains("12,345 tokens", text, StringComparison.Ordinal);
        Assert.Contains("output: fixed it", text, StringComparison.Ordinal);
        Assert.Contains("•", text, StringComparison.Ordinal);
        Assert.False(view.Frame().Running);
    }

    [Fact]
    public async Task ShowAsync_WatchThrows_ThrowsAfterTheLastFrame()
    {
        using var console = new TestConsole().Width(120).Interactive();
        var view = new RunView("fix-calc", 5);

        await Assert.ThrowsAsync<OperationCanceledException>(() => LiveRun.ShowAsync<int>(console, view, () => throw new OperationCanceledException()).WaitAsync(Deadline));

        Assert.False(view.Frame().Running);
    }

    [Fact]
    public void Runs_HostInstances_OneRowEachWithItsColumns()
    {
        using var console = new TestConsole().Width(200);
        var instances = new[]
        {
            JsonNode.Parse("""{"instanceId":"fix-1","runtimeStatus":"Completed","customStatus":{"loop":"fix-calc","iteration":2,"phase":"Done","spent":{"inputTokens":1200,"outputTokens":300,"costUsd":0.0123}},"output":{"outcome":"Verified","reason":"tests: passed"}}""")!,
            JsonNode.Parse("""{"instanceId":"fix-2","runtimeStatus":"Terminated","output":"stopped by [ana]"}""")!,
        };

        console.Write(CliTables.Runs(instances.Select(RunListRow.From)));

        var lines = console.Lines;
        Assert.Contains(lines, l => l.Contains("instance", StringComparison.Ordinal) && l.Contains("outcome", StringComparison.Ordinal));
        Assert.Contains(lines, l => Ordered(l, "fix-1", "Completed", "fix-calc", "2", "Done", "1,500", "$0.0123", "Verified: tests: passed"));
        Assert.Contains(lines, l => Ordered(l, "fix-2", "Terminated", "reason: stopped by [ana]"));
    }

    [Fact]
    public void LoopsAndModels_CostRows_OneRowEach()
    {
        using var console = new TestConsole().Width(200);
        var loops = CostReport.Summarise([
            new CostReport.Run("fix-calc", LoopOutcome.Verified, 2, new TokenSpend(1000, 500, 0.5m)),
            new CostReport.Run("fix-calc", LoopOutcome.Stalled, 3, new TokenSpend(2000, 500, 1.5m)),
        ]);
        var models = new[] { new ModelCost("fix-calc", "gpt-small", 2, 5, 4000, 2m, 1) };

        console.Write(CliTables.Loops(loops));
        console.Write(CliTables.Models(models));

        Assert.Contains(console.Lines, l => Ordered(l, "fix-calc", "2", "50 %", "5", "4,000", "$2.0000", "$2.0000"));
        Assert.Contains(console.Lines, l => Ordered(l, "fix-calc", "gpt-small", "2", "5", "4,000", "$2.0000", "1", "$2.0000"));
    }

    [Theory]
    [InlineData(false, "xterm-256color", true)]
    [InlineData(false, null, true)]
    [InlineData(true, "xterm-256color", false)]
    [InlineData(false, "dumb", false)]
    public void Draws_RedirectedOrDumbTerminal_PlainLines(bool redirected, string? term, bool draws) =>
        Assert.Equal(draws, CliTerminal.Draws(redirected, term));

    private static bool Ordered(string line, params string[] cells)
    {
        var at = 0;
        foreach (var cell in cells)
        {
            at = line.IndexOf(cell, at, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            at += cell.Length;
        }

        return true;
    }

    private static RunFrame Frame() => new(
        "fix-calc", "verify", 2, 5, TimeSpan.FromSeconds(65), 12_345, "$0.0123", "3 iter", "tests: 1 failed", "refused", [], [], Running: true);

    private static LoopStatus Status() => new(
        "fix-calc", 2, LoopPhase.Verify, "tests: 1 failed", new TokenSpend(12_000, 345, 0.0123m), new BudgetLeft(3, null, 0.5m, null), "loop/fix-calc/x");
}

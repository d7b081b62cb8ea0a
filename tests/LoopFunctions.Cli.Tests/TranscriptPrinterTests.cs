using System.Collections.Concurrent;
using System.Text;
using LoopFunctions.Cli.Transcripts;
using LoopFunctions.Loops.Agents.Transcripts;

namespace LoopFunctions.Cli.Tests;

/// <summary>The transcript printer of <c>loopfn logs</c> and the live tail of <c>loopfn run</c>, on a real store
/// folder: a real loop run's agent output printed back, a follower that prints entries as they are stored and stops
/// when the run ends, and the tail's one-line view.</summary>
public sealed class TranscriptPrinterTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private LoopSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await LoopSandbox.CreateAsync();

    public Task DisposeAsync()
    {
        _sandbox.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PrintAsync_FinishedRun_PrintsTheAgentsLinesUnderTheirIteration()
    {
        var loop = _sandbox.Loop("logs", _sandbox.Agent("talks", "echo 'looking at src/calc.sh'\necho 'a warning' >&2\n" + Agents.Fix));
        var (exit, error) = await _sandbox.RunAsync(loop, "logs-1");
        Assert.True(exit == ExitCodes.Success, error);
        var printer = new TranscriptPrinter(TranscriptPrinter.ForStore(_sandbox.Store));
        using var output = new StringWriter();

        var printed = await printer.PrintAsync("logs-1", null, follow: false, output, CancellationToken.None);

        var text = output.ToString();
        Assert.True(printed >= 4, text);
        Assert.StartsWith("── iteration 1 ──\n", text, StringComparison.Ordinal);
        Assert.Contains(" output: looking at src/calc.sh\n", text, StringComparison.Ordinal);
        Assert.Contains(" stderr: a warning\n", text, StringComparison.Ordinal);
        Assert.Contains(" usage: step ended", text, StringComparison.Ordinal);
        using var none = new StringWriter();
        Assert.Equal(0, await printer.PrintAsync("logs-1", 2, follow: false, none, CancellationToken.None));
    }

    [Fact]
    public async Task PrintAsync_RunWithAttempts_EachLineSaysItsAttemptFromItsOwnStreamAndSecretsStayMasked()
    {
        var agent = _sandbox.Agent("attempts-talk", """
            n=$(grep -o 'attempt-id=[0-9]' "$2" | head -1 | cut -d= -f2)
            echo "attempt $n looking with ghp_0123456789abcdefghijABCDEFGHIJ012345"
            """ + "\n" + Agents.Fix);
        var loop = _sandbox.Loop("logs", agent, limits: "max_iterations: 1", agent: "attempts:\n  - prompt: \"attempt-id=1\"\n  - prompt: \"attempt-id=2\"");
        var (exit, error) = await _sandbox.RunAsync(loop, "logs-attempts");
        Assert.True(exit == ExitCodes.Success, error);
        var store = TranscriptPrinter.ForStore(_sandbox.Store);
        using var output = new StringWriter();

        await new TranscriptPrinter(store).PrintAsync("logs-attempts", 1, follow: false, output, CancellationToken.None);

        var text = output.ToString();
        Assert.StartsWith("── iteration 1 ──\n", text, StringComparison.Ordinal);
        foreach (var n in new[] { 1, 2 })
        {
            Assert.Contains($" [attempt {n}] output: attempt {n} looking with ***\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain($" [attempt {3 - n}] output: attempt {n} ", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("ghp_0123456789", text, StringComparison.Ordinal);
        Assert.Equal([new TranscriptStream(1, 1), new(1, 2)], await store.StreamsAsync("logs-attempts", CancellationToken.None));
        var entry = (await store.ReadAsync("logs-attempts", new TranscriptStream(1, 2), 0, CancellationToken.None)).Entries[0];
        Assert.Contains(" [attempt 2] ", TranscriptPrinter.OneLine(entry, 200), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintAsync_Follow_PrintsEntriesAsTheyComeAndStopsOnceTheRunEnded()
    {
        var store = TranscriptPrinter.ForStore(_sandbox.Store);
        var live = true;
        var printer = new TranscriptPrinter(store, _ => Task.FromResult(Volatile.Read(ref live)), TimeSpan.FromMilliseconds(20));
        var output = new LineWriter();
        var writer = await TranscriptWriter.OpenAsync(store, "followed", 1, SecretMasker.Shapes);

        var following = printer.PrintAsync("followed", null, follow: true, output, CancellationToken.None);
        writer.Output("first line");
        Assert.True(await output.WaitForAsync(l => l.EndsWith(" output: first line", StringComparison.Ordinal)), string.Join('\n', output.Lines));
        Assert.False(following.IsCompleted);
        writer.ToolCall("write_file", "{\"path\":\"a.txt\"}");
        await writer.DisposeAsync();
        await using (var next = await TranscriptWriter.OpenAsync(store, "followed", 2, SecretMasker.Shapes))
        {
            next.Message("second iteration");
        }

        Volatile.Write(ref live, false);
        var printed = await following.WaitAsync(Deadline);

        Assert.Equal(3, printed);
        Assert.Contains(output.Lines, l => l.EndsWith(" tool_call write_file: {\"path\":\"a.txt\"}", StringComparison.Ordinal));
        Assert.Equal(["── iteration 1 ──", "── iteration 2 ──"], output.Lines.Where(l => l.StartsWith("──", StringComparison.Ordinal)));
        Assert.EndsWith(" message: second iteration", output.Lines.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_AgentTextWithTerminalEscapes_ShownAsMarksNeverSent()
    {
        var entry = new TranscriptEntry(DateTimeOffset.UtcNow, TranscriptKind.Output, "\u001b]0;owned\u0007red \u001b[31mtext\u009b\tend", null);

        var shown = TranscriptPrinter.Format(entry) + TranscriptPrinter.OneLine(entry, 200);

        Assert.DoesNotContain(shown, c => char.IsControl(c) && c != '\t');
        Assert.Contains("^[]0;owned^Gred ^[[31mtext\\u009b\tend", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TranscriptTail_LongAndMultilineEntries_WritesOneCappedLineEachIncludingTheLastOnes()
    {
        var store = TranscriptPrinter.ForStore(_sandbox.Store);
        var output = new LineWriter();
        var tail = TranscriptTail.Start(store, "tailed", output, width: 60, pollInterval: TimeSpan.FromMilliseconds(20));
        await using (var writer = await TranscriptWriter.OpenAsync(store, "tailed", 1, SecretMasker.Shapes))
        {
            writer.Output("short");
            writer.ToolResult("run_command", "exit code 0\n" + new string('x', 500));
        }

        await tail.DisposeAsync();

        Assert.Equal("  │ iteration 1", output.Lines[0]);
        Assert.EndsWith(" output: short", output.Lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  │ ", output.Lines[2], StringComparison.Ordinal);
        Assert.Contains("tool_result run_command: exit code 0 ⏎ xxx", output.Lines[2], StringComparison.Ordinal);
        Assert.True(output.Lines[2].Length <= 60, output.Lines[2]);
        Assert.EndsWith("…", output.Lines[2], StringComparison.Ordinal);
        Assert.Equal(3, output.Lines.Count);
    }

    /// <summary>Collects whole lines from any thread.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<string> Lines => [.. _lines];

        public override void WriteLine(string? value) => _lines.Enqueue(value ?? "");

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override void Write(char value) => throw new NotSupportedException("whole lines only");

        public async Task<bool> WaitForAsync(Func<string, bool> line)
        {
            var deadline = DateTime.UtcNow + Deadline;
            while (!_lines.Any(line))
            {
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(20);
            }

            return true;
        }
    }
}

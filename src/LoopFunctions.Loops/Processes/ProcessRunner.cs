using System.ComponentModel;
using System.Diagnostics;
using LoopFunctions.Loops.Agents;

namespace LoopFunctions.Loops.Processes;

/// <summary>
/// Runs a child process without a shell, in a session and process group of its own, with an allow-listed
/// environment, a timeout, capped output capture and optional stdin. However the child ends (exit, timeout,
/// cancellation) its whole process group is killed with it; the groups of live children are also killed when this
/// process exits, and recorded in a <see cref="ProcessLedger"/> for a crash.
/// </summary>
public static class ProcessRunner
{
    // A grandchild that escaped the kill (another session, no mark) may keep the pipes open; do not wait forever.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    /// <summary>Runs the process to completion, timeout or cancellation.</summary>
    /// <exception cref="AgentException">The program could not be started (not found, not executable).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the tree was killed.</exception>
    public static async Task<ProcessRunResult> RunAsync(ProcessRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Arguments.Count == 0)
        {
            throw new AgentException("cannot run an empty command");
        }

        var mark = Guid.NewGuid().ToString("N");
        var environment = ChildEnvironment.Build(null, options.Environment);
        environment[ProcessGroup.MarkVariable] = mark;
        var program = ProgramPath.Resolve(options.Arguments[0], options.WorkingDirectory, environment.GetValueOrDefault("PATH"));
        var startInfo = new ProcessStartInfo(ProgramPath.Setsid ?? program)
        {
            WorkingDirectory = options.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (ProgramPath.Setsid is not null)
        {
            // setsid execs in place (the child is no group leader), so the pid we get leads the new group.
            startInfo.ArgumentList.Add(program);
        }

        foreach (var argument in options.Arguments.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await ProcessLauncher.StartAsync(process).ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            throw new AgentException($"could not start '{options.Arguments[0]}': {ex.Message}. Check that it is installed and on PATH.", ex);
        }

        var group = new ProcessGroup(process.Id, mark);
        using var live = LiveGroups.Track(group, options.SweepStrays);
        using var record = options.Ledger?.Record(group);
        var stdout = new CappedTextBuffer(options.OutputCap);
        var stderr = new CappedTextBuffer(options.OutputCap);
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, stdout, options.StandardOutputLine),
            PumpAsync(process.StandardError, stderr, options.StandardErrorLine),
            FeedStdinAsync(process.StandardInput, options.StandardInput));

        var timedOut = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
            }
        }
        finally
        {
            // Whatever the child left running dies with it: background jobs, servers, daemons in its group.
            group.Kill(options.SweepStrays);
            await WaitForExitAsync(process).ConfigureAwait(false);
        }

        await Task.WhenAny(pumps, Task.Delay(DrainGrace, CancellationToken.None)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new ProcessRunResult(
            process.Id,
            timedOut ? -1 : process.ExitCode,
            stdout.ToString(),
            stderr.ToString(),
            timedOut,
            stopwatch.Elapsed,
            stdout.Truncated || stderr.Truncated);
    }

    private static async Task WaitForExitAsync(Process process)
    {
        // The kill is a signal; wait (bounded) so the caller sees a dead tree, not a dying one.
        using var grace = new CancellationTokenSource(DrainGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Unkillable (uninterruptible sleep); it will die when its I/O returns.
        }
    }

    private static async Task PumpAsync(StreamReader reader, CappedTextBuffer into, Action<string>? lines)
    {
        var buffer = new char[8192];
        var line = new System.Text.StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            into.Append(buffer.AsSpan(0, read));
            if (lines is not null)
            {
                SplitLines(buffer.AsSpan(0, read), line, lines);
            }
        }

        if (lines is not null && line.Length > 0)
        {
            lines(line.ToString());
        }
    }

    /// <summary>Hands on each finished line; a line longer than 1 MiB is handed on in pieces, so a child printing
    /// without line ends cannot grow it without bound. The cut is far above what a reader keeps of one line (the
    /// transcript keeps 16 KiB, masked first), so a secret or a JSON event is never split where a reader sees it.</summary>
    private static void SplitLines(ReadOnlySpan<char> chunk, System.Text.StringBuilder line, Action<string> lines)
    {
        foreach (var c in chunk)
        {
            if (c == '\n' || line.Length >= 1024 * 1024)
            {
                lines(line.ToString().TrimEnd('\r'));
                line.Clear();
                if (c == '\n')
                {
                    continue;
                }
            }

            line.Append(c);
        }
    }

    private static async Task FeedStdinAsync(StreamWriter stdin, string? text)
    {
        try
        {
            if (text is not null)
            {
                await stdin.WriteAsync(text).ConfigureAwait(false);
                await stdin.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The child closed stdin without reading it all (broken pipe); it simply did not want the prompt there.
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
                // Same broken pipe, surfacing on close.
            }
        }
    }
}

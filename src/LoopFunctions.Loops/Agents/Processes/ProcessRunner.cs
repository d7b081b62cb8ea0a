using System.ComponentModel;
using System.Diagnostics;

namespace LoopFunctions.Loops.Agents.Processes;

/// <summary>
/// Runs a child process without a shell, with a timeout that kills the whole process tree, capped output capture and
/// optional stdin. Used by the agent's <c>run_command</c> tool and by <c>CommandAgent</c>.
/// </summary>
public static class ProcessRunner
{
    // A grandchild that escaped the tree kill (daemonised) may keep the pipes open; do not wait for it forever.
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

        var startInfo = new ProcessStartInfo(options.Arguments[0])
        {
            WorkingDirectory = options.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in options.Arguments.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        SecretEnvironment.Scrub(startInfo.Environment);
        foreach (var (name, value) in options.Environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new AgentException(
                $"could not start '{options.Arguments[0]}': {ex.Message}. Check that it is installed and on PATH.", ex);
        }

        var stdout = new CappedTextBuffer(options.OutputCap);
        var stderr = new CappedTextBuffer(options.OutputCap);
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, stdout),
            PumpAsync(process.StandardError, stderr),
            FeedStdinAsync(process.StandardInput, options.StandardInput));

        var timedOut = false;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                KillTree(process);
                timedOut = !cancellationToken.IsCancellationRequested;
            }
        }

        await Task.WhenAny(pumps, Task.Delay(DrainGrace, CancellationToken.None));
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

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            // The kill is a signal; wait (bounded) so the caller sees a dead tree, not a dying one.
            process.WaitForExit(DrainGrace);
        }
        catch (InvalidOperationException)
        {
            // Exited between the timeout and the kill: nothing left to kill.
        }
    }

    private static async Task PumpAsync(StreamReader reader, CappedTextBuffer into)
    {
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None)) > 0)
        {
            into.Append(buffer.AsSpan(0, read));
        }
    }

    private static async Task FeedStdinAsync(StreamWriter stdin, string? text)
    {
        try
        {
            if (text is not null)
            {
                await stdin.WriteAsync(text);
                await stdin.FlushAsync();
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

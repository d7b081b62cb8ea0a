using System.Diagnostics;
using System.Text;

namespace LoopFunctions.Cli.Tests;

/// <summary>The real <c>loopfn</c> as a child process; killed with SIGKILL (its whole tree) on demand and on dispose.</summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CliProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static CliProcess Start(params string[] args) => Start(null, args);

    /// <param name="environment">Variables added to this test process's environment for loopfn.</param>
    /// <param name="args">loopfn's arguments.</param>
    public static CliProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "loopfn.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var cli = new CliProcess(new Process { StartInfo = start });
        cli._process.OutputDataReceived += (_, e) => cli.Append(e.Data);
        cli._process.ErrorDataReceived += (_, e) => cli.Append(e.Data);
        cli._process.Start();
        cli._process.BeginOutputReadLine();
        cli._process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Kills loopfn and everything it started (the test's own cleanup).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>A crash: SIGKILL to loopfn alone, as the kernel's OOM killer or <c>kill -9</c> would; what it started
    /// is left to fend for itself.</summary>
    public async Task CrashAsync()
    {
        await SignalAsync("KILL");
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends a signal (<c>TERM</c>, <c>INT</c>, <c>KILL</c>) to loopfn alone.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"loopfn did not exit within {deadline}:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}

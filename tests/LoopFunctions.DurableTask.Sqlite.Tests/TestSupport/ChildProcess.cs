using System.Diagnostics;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>A real child process running one of the test programs, killed with SIGKILL on demand and always on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _output = new();

    private ChildProcess(Process process) => _process = process;

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

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Starts <c>dotnet &lt;assembly&gt; args</c> from the test output folder.</summary>
    public static ChildProcess Start(string assemblyName, params string[] args) => Start(assemblyName, null, args);

    public static ChildProcess Start(string assemblyName, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var child = new ChildProcess(new Process { StartInfo = start });
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data, isOutput: true);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data, isOutput: false);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Completes when the child printed STARTED.</summary>
    public Task Started => _started.Task;

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
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
            throw new TimeoutException($"The child process did not exit within {deadline}. Output so far:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line, bool isOutput)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(isOutput ? line : "stderr: " + line);
        }

        if (isOutput && line == "STARTED")
        {
            _started.TrySetResult();
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoopFunctions.Host.Tests.TestSupport;

/// <summary>
/// <c>loopfn serve</c> as a real child process (<c>dotnet loopfn.dll serve</c> from the test output) on a fixed
/// 127.0.0.1 port, so it can be killed with SIGKILL and started again on the same address. Its output is kept for
/// failure messages; dispose kills the process tree.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private readonly string _root;
    private Process? _process;

    public ServeProcess(string name, string root, int port)
    {
        Name = name;
        _root = root;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    public bool Running => _process is { HasExited: false };

    /// <summary>The process id of the running host; null before the first start.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>The worker id DTFx's Azure Storage backend gives this process (machine name and process id), as it
    /// appears in the task hub's partition table; null before the first start.</summary>
    public string? WorkerId { get; private set; }

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

    /// <summary>Starts the process and waits until it answers HTTP.</summary>
    public async Task StartAsync()
    {
        var loopfn = Path.Combine(AppContext.BaseDirectory, "loopfn.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        foreach (var arg in new[] { loopfn, "serve", "--urls", $"http://127.0.0.1:{Port}", "--root", _root })
        {
            start.ArgumentList.Add(arg);
        }

        // Fewer threads per child: three hosts, Azurite and the test share two cores.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        Append($"--- start {DateTime.UtcNow:O}");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        WorkerId = $"{Environment.MachineName}-{process.Id}";
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before answering HTTP:\n{Output}");
            }

            try
            {
                // Any answer from the management API means the host is up; 404 is the answer for an unknown instance.
                using var response = await Http.GetAsync("/runtime/webhooks/durabletask/instances/probe-not-an-instance");
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not answer HTTP on port {Port} within {StartDeadline}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Asks for a graceful stop (SIGTERM, as a service manager does) and returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan deadline)
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} is not running");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(deadline);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL to the whole tree: no graceful shutdown, leases and buffered messages are left to expire.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        Append($"--- killed {DateTime.UtcNow:O}");
        _process.Dispose();
        _process = null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
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

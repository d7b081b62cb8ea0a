using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoopFunctions.Host.Tests.TestSupport;

/// <summary><c>loopfn serve</c> as a real child process, killed with SIGKILL (its whole tree) on demand and on dispose.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

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

    /// <summary>A port nobody listens on now, for a host that must come back on the same address after a restart.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the host in <paramref name="root"/> and waits until it answers HTTP.</summary>
    public static async Task<ServeProcess> StartAsync(string root, int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "loopfn.dll"));
        foreach (var arg in new[] { "serve", "--urls", $"http://127.0.0.1:{port}", "--root", root })
        {
            start.ArgumentList.Add(arg);
        }

        var serve = new ServeProcess(new Process { StartInfo = start }, new Uri($"http://127.0.0.1:{port}/"));
        serve._process.OutputDataReceived += (_, e) => serve.Append(e.Data);
        serve._process.ErrorDataReceived += (_, e) => serve.Append(e.Data);
        serve._process.Start();
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = serve.Address };
        using var deadline = new CancellationTokenSource(HostSandbox.Deadline);
        while (true)
        {
            if (serve._process.HasExited)
            {
                throw new InvalidOperationException($"loopfn serve exited with {serve._process.ExitCode}:\n{serve.Output}");
            }

            try
            {
                using var response = await http.GetAsync("api/loops", deadline.Token);
                return serve;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    /// <summary>Asks for a graceful stop (SIGTERM, as a service manager does) and returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan deadline)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(deadline);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
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

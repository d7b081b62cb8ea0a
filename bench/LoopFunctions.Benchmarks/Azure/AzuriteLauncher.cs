using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoopFunctions.Benchmarks.Azure;

/// <summary>Azurite as a child process on free 127.0.0.1 ports, its data in a temp folder that is deleted on dispose;
/// the script is the repository's <c>.tools/node_modules/.bin/azurite</c> (what test.sh installs).</summary>
internal sealed class AzuriteLauncher : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _folder;

    private AzuriteLauncher(Process process, string folder, string connectionString)
    {
        _process = process;
        _folder = folder;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>Azurite's CPU time so far (node runs the script in the started process itself).</summary>
    public TimeSpan CpuTime() => Hosting.ProcessCpu.Of(_process);

    public static async Task<AzuriteLauncher> StartAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LoopFunctions.sln")))
        {
            root = root.Parent;
        }

        var script = root is null ? null : Path.Combine(root.FullName, ".tools", "node_modules", ".bin", "azurite");
        if (script is null || !File.Exists(script))
        {
            throw new InvalidOperationException(
                "Azurite is not installed: run 'npm install --prefix .tools --no-audit --no-fund azurite@3' at the repository root, or set AzureWebJobsStorage.");
        }

        var folder = Directory.CreateTempSubdirectory("loopfn-bench-azurite-").FullName;
        var ports = new[] { FreePort(), FreePort(), FreePort() };
        var start = new ProcessStartInfo(script) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--silent", "--skipApiVersionCheck", "--loose", "--location", folder })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (service, port) in new[] { "blob", "queue", "table" }.Zip(ports))
        {
            start.ArgumentList.Add($"--{service}Host");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add($"--{service}Port");
            start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var launcher = new AzuriteLauncher(process, folder,
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports[1]}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{ports[2]}/devstoreaccount1;");
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            foreach (var port in ports)
            {
                while (!await ListensAsync(port))
                {
                    if (process.HasExited || DateTime.UtcNow > deadline)
                    {
                        throw new InvalidOperationException($"Azurite did not listen on port {port}.");
                    }

                    await Task.Delay(50);
                }
            }

            return launcher;
        }
        catch
        {
            await launcher.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<bool> ListensAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoopFunctions.DurableTask.Tests.TestSupport;

/// <summary>
/// One Azurite (blob, queue and table emulator) for the tests of a collection: a real child process on free ports of
/// 127.0.0.1, its data in memory; killed with its process tree (and its working folder deleted) on dispose.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account key.</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("loopfn-azurite-").FullName;
    private Process? _process;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var azurite = await EnsureInstalledAsync();
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // Data stays in memory; anything Azurite still writes lands in this folder, deleted on dispose.
            WorkingDirectory = _folder,
        };
        foreach (var arg in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence",
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(StartDeadline);
        foreach (var port in new[] { blob, queue, table })
        {
            await WaitForPortAsync(port, cts.Token);
        }

        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private async Task WaitForPortAsync(int port, CancellationToken deadline)
    {
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening on {port}:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, deadline);
                return;
            }
            catch (SocketException)
            {
                try
                {
                    await Task.Delay(50, deadline);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"Azurite did not listen on port {port} within {StartDeadline}:\n{Output}");
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Azurite did not listen on port {port} within {StartDeadline}:\n{Output}");
            }
        }
    }

    /// <summary>The azurite script under the repository's <c>.tools</c>, installed with npm if missing (test.sh
    /// installs it up front in CI).</summary>
    private static async Task<string> EnsureInstalledAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LoopFunctions.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No LoopFunctions.sln above {AppContext.BaseDirectory}: cannot find .tools/node_modules/.bin/azurite.");
        }

        var azurite = Path.Combine(root.FullName, ".tools", "node_modules", ".bin", "azurite");
        if (File.Exists(azurite))
        {
            return azurite;
        }

        var install = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root.FullName };
        foreach (var arg in new[] { "install", "--prefix", ".tools", "--no-audit", "--no-fund", "azurite@3" })
        {
            install.ArgumentList.Add(arg);
        }

        using var npm = Process.Start(install)!;
        var stderr = npm.StandardError.ReadToEndAsync();
        _ = await npm.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(cts.Token);
        if (npm.ExitCode != 0 || !File.Exists(azurite))
        {
            throw new InvalidOperationException($"npm install azurite failed ({npm.ExitCode}): {await stderr}");
        }

        return azurite;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
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

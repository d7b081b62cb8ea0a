using System.Net;
using System.Net.Sockets;
using LoopFunctions.Loops.Plans;
using LoopFunctions.Loops.Preparation;
using LoopFunctions.Loops.Tests.Workspace;
using LoopFunctions.Loops.Workspace;

namespace LoopFunctions.Loops.Tests.Preparation;

/// <summary><c>workspace.setup</c> when the workspace is prepared: it runs the repository's code, so it is confined
/// like the checks (only the tree and the agent's home writable, every process dies with it, no network unless
/// allowed).</summary>
public sealed class WorkspaceSetupTests : IAsyncLifetime
{
    private readonly GitSandbox _git = new();

    public Task InitializeAsync() => _git.InitializeAsync();

    public Task DisposeAsync() => _git.DisposeAsync();

    [Fact]
    public async Task RunAsync_Unconfined_RunsInTheTreeSeeingRepositoryFiles()
    {
        var (plan, folder) = await PrepareAsync(["bash", "-c", "cp README.md setup-ran.txt"], sandbox: null);

        await WorkspaceSetup.RunAsync(plan, folder, null, CancellationToken.None);

        Assert.Equal("hello\n", await File.ReadAllTextAsync(Path.Combine(folder.Tree, "setup-ran.txt")));
    }

    [Fact]
    public async Task RunAsync_FailingSetup_ThrowsWorkspaceExceptionNamingIt()
    {
        var (plan, folder) = await PrepareAsync(["bash", "-c", "echo dependency missing >&2; exit 3"], new SetupSandboxPlan(false, []));

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => WorkspaceSetup.RunAsync(plan, folder, null, CancellationToken.None));

        Assert.Contains("bash -c echo dependency missing >&2; exit 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("exit 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dependency missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SetupEscapesItsTreeStartsADaemonAndCallsTheHost_OnlyTheTreeAndHomeChangeAndNothingSurvives()
    {
        // What a pull request's own setup could try (its code is run by a restore or an install script).
        var mark = "setup-escape-" + Guid.NewGuid().ToString("N");
        var outside = Path.Combine(_git.Root, "escaped.txt");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var script = $"""
            echo built > built.txt
            echo cached > "$HOME/cache.txt"
            echo escaped > "{outside}" 2>/dev/null || true
            (exec 3<>/dev/tcp/127.0.0.1/{port}) 2>/dev/null && echo reached > reached.txt
            (setsid env -i /bin/bash -c 'while :; do echo x >> "{outside}" 2>/dev/null; sleep 0.05; done # {mark}' > /dev/null 2>&1 &)
            """;
        var (plan, folder) = await PrepareAsync(["bash", "-c", script], new SetupSandboxPlan(false, []));

        try
        {
            await WorkspaceSetup.RunAsync(plan, folder, null, CancellationToken.None);

            Assert.Equal("built\n", await File.ReadAllTextAsync(Path.Combine(folder.Tree, "built.txt")));
            Assert.Equal("cached\n", await File.ReadAllTextAsync(Path.Combine(folder.Home, "cache.txt")));
            Assert.False(File.Exists(Path.Combine(folder.Tree, "reached.txt")), "the setup reached the host's loopback");
            // The PID namespace's end kills the daemon; the kernel may take a moment to reap it on a busy machine.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (MarkedProcesses(mark).Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Empty(MarkedProcesses(mark));
            Assert.False(File.Exists(outside), "the setup wrote outside its tree and home");
        }
        finally
        {
            foreach (var pid in MarkedProcesses(mark))
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
        }
    }

    private async Task<(WorkspacePlan Plan, RunFolder Folder)> PrepareAsync(IReadOnlyList<string> setup, SetupSandboxPlan? sandbox)
    {
        var plan = _git.Plan(setup: setup) with { SetupSandbox = sandbox };
        var info = await _git.PrepareAsync(plan: plan);
        return (plan, new RunFolder(info.Path));
    }

    /// <summary>Live processes whose command line holds <paramref name="mark"/> (the daemon cleared its environment).</summary>
    private static List<int> MarkedProcesses(string mark) =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0, Dir: d))
            .Where(p => p.Pid > 0 && p.Pid != Environment.ProcessId && CommandLine(p.Dir).Contains(mark, StringComparison.Ordinal) && !IsZombie(p.Dir))
            .Select(p => p.Pid),
    ];

    private static bool IsZombie(string procDir)
    {
        try
        {
            return File.ReadLines(Path.Combine(procDir, "status")).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static string CommandLine(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline")).Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}

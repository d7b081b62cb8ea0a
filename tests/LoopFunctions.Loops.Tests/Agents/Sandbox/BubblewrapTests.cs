using LoopFunctions.Loops.Processes;
using LoopFunctions.Loops.Sandbox;

namespace LoopFunctions.Loops.Tests.Agents.Sandbox;

/// <summary>The sandbox itself, for agents and checks alike: no capability even for root, no loopfn variable inside.</summary>
public sealed class BubblewrapTests : IDisposable
{
    private readonly TempWorkspace _temp = new();

    [Fact]
    public async Task Wrap_RunAsRoot_NoCapabilityNoMountAndNoProcessMarkInside()
    {
        Assert.Null(await Bubblewrap.WhyUnavailableAsync());
        var tree = Directory.CreateDirectory(Path.Combine(_temp.Path, "tree")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(_temp.Path, "home")).FullName;
        var hidden = Directory.CreateDirectory(Path.Combine(_temp.Path, "hidden")).FullName;
        await File.WriteAllTextAsync(Path.Combine(hidden, "secret.txt"), "secret\n");
        var spec = new SandboxSpec(tree, home, false, [hidden], [], [], []);
        const string Script = """
            echo "uid=$(id -u)"
            echo "caps=$(awk '/^CapEff/ {print $2}' /proc/self/status)"
            umount "$1" 2>/dev/null && echo UNMOUNTED
            mount -o remount,rw / 2>/dev/null && echo REMOUNTED
            mount -t tmpfs none "$2" 2>/dev/null && echo MOUNTED
            cat "$1/secret.txt" 2>/dev/null
            echo "mark=${LOOPFN_PROCESS:-}"
            """;

        var result = await ProcessRunner.RunAsync(new ProcessRunOptions(Bubblewrap.Wrap(spec, ["/bin/bash", "-c", Script, "script", hidden, tree]), tree, TimeSpan.FromMinutes(1)), CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.StandardError);
        // CI runs as root: bwrap would keep every capability for uid 0 without --cap-drop ALL.
        Assert.Contains(Environment.IsPrivilegedProcess ? "uid=0\n" : "uid=", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("caps=0000000000000000\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("MOUNTED", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("mark=\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/workspace/proj/loops/check.sh")]
    [InlineData("/home/agent/tools/run-tests")]
    public void Wrap_HostPathUnderAFixedMountPoint_RefusedNamingIt(string hostPath)
    {
        // The tree is bound over /workspace last: the project's own check script at that host path would be the
        // agent's file inside the sandbox.
        var tree = Directory.CreateDirectory(Path.Combine(_temp.Path, "tree")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(_temp.Path, "home")).FullName;
        var spec = new SandboxSpec(tree, home, false, [], [], [], []);

        var refused = Assert.Throws<LoopFunctions.Loops.Errors.StepRejectedException>(() => Bubblewrap.Wrap(spec, ["/bin/bash", hostPath]));

        Assert.Contains(hostPath, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrap_TreeAndHomeInAHiddenFolder_ShownAtTheFixedPathsWithHostPathsRewritten()
    {
        var run = Directory.CreateDirectory(Path.Combine(_temp.Path, "runs", "instance-7")).FullName;
        var tree = Directory.CreateDirectory(Path.Combine(run, "check")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(run, "check-home")).FullName;
        var spec = new SandboxSpec(tree, home, false, [Path.Combine(_temp.Path, "runs")], [], [], []);
        const string Script = """
            echo "pwd=$(pwd -P) cwd=$(readlink /proc/self/cwd) arg=$1 home=$HOME cache=$XDG_CACHE_HOME other=$OTHER"
            echo written > "$1"
            [[ -e "$2" ]] && echo "HOST PATH VISIBLE"
            touch /new-top-level-file 2>/dev/null && echo "ROOT WRITABLE"
            true
            """;
        var argv = Bubblewrap.Wrap(spec, ["/bin/bash", "-c", Script, "script", Path.Combine(tree, "out.txt"), run]);
        var environment = Bubblewrap.Environment(spec, new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache"),
            ["OTHER"] = tree + "2", // a different folder whose name starts like the tree's: left alone
        });

        var result = await ProcessRunner.RunAsync(new ProcessRunOptions(argv, tree, TimeSpan.FromMinutes(1)) { Environment = environment }, CancellationToken.None);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal($"pwd=/workspace cwd=/workspace arg=/workspace/out.txt home=/home/agent cache=/home/agent/.cache other={tree}2\n", result.StandardOutput);
        Assert.Equal("written\n", await File.ReadAllTextAsync(Path.Combine(tree, "out.txt")));
    }

    public void Dispose() => _temp.Dispose();
}

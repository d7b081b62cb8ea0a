using LoopFunctions.Loops.Agents.Processes;
using LoopFunctions.Loops.Agents.Sandbox;

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
        Assert.Contains("caps=0000000000000000\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("MOUNTED", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("mark=\n", result.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}

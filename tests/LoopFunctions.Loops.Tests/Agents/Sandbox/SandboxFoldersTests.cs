using LoopFunctions.Loops.Sandbox;

namespace LoopFunctions.Loops.Tests.Agents.Sandbox;

/// <summary>Which hidden folders the sandbox shows again for the host's toolchains.</summary>
public sealed class SandboxFoldersTests : IDisposable
{
    private readonly TempWorkspace _temp = new();

    [Fact]
    public void Toolchains_PathEntryUnderNestedHiddenFolders_ShowsTheToolchainNotTheWholeHome()
    {
        // /home is hidden, and so is the user's home in it: ~/.local/bin on PATH must show ~/.local, not ~ with its .ssh.
        var homes = Directory.CreateDirectory(Path.Combine(_temp.Path, "home")).FullName;
        var user = Directory.CreateDirectory(Path.Combine(homes, "u")).FullName;
        Directory.CreateDirectory(Path.Combine(user, ".ssh"));
        var bin = Directory.CreateDirectory(Path.Combine(user, ".local", "bin")).FullName;

        var (readable, _) = SandboxFolders.ToolchainsFor([homes, user], [bin]);

        Assert.Equal([Path.Combine(user, ".local")], readable.Where(r => r.StartsWith(homes, StringComparison.Ordinal)));
    }

    public void Dispose() => _temp.Dispose();
}

using LoopFunctions.Loops.Agents.Workspace;
using Xunit;

namespace LoopFunctions.Loops.Tests.Agents;

public sealed class WorkspaceFileSystemTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly TempWorkspace _outside = new();

    public void Dispose()
    {
        _workspace.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void Resolve_RelativePathInside_ReturnsRealPath()
    {
        _workspace.Write("src/a.txt", "a");
        var fs = new WorkspaceFileSystem(_workspace.Path);

        Assert.Equal(Path.Combine(fs.Root, "src", "a.txt"), fs.Resolve("src/a.txt"));
        Assert.Equal(Path.Combine(fs.Root, "src", "new", "b.txt"), fs.Resolve("src/new/b.txt"));
        Assert.Equal(fs.Root, fs.Resolve("."));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("src/../../x")]
    public void Resolve_DotDotEscape_IsRefused(string path)
    {
        var ex = Assert.Throws<WorkspaceAccessException>(() => new WorkspaceFileSystem(_workspace.Path).Resolve(path));

        Assert.Equal($"path '{path}' is outside the workspace", ex.Message);
    }

    [Fact]
    public void Resolve_DotDotStayingInside_IsAllowed()
    {
        var fs = new WorkspaceFileSystem(_workspace.Path);

        Assert.Equal(Path.Combine(fs.Root, "b.txt"), fs.Resolve("src/../b.txt"));
    }

    [Fact]
    public void Resolve_AbsolutePath_IsRefused()
    {
        var ex = Assert.Throws<WorkspaceAccessException>(() => new WorkspaceFileSystem(_workspace.Path).Resolve("/etc/passwd"));

        Assert.Contains("is absolute", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SymlinkToOutsideFolder_IsRefused()
    {
        _outside.Write("secret.txt", "secret");
        Directory.CreateSymbolicLink(Path.Combine(_workspace.Path, "escape"), _outside.Path);
        var fs = new WorkspaceFileSystem(_workspace.Path);

        var ex = Assert.Throws<WorkspaceAccessException>(() => fs.Resolve("escape/secret.txt"));
        Assert.Contains("symbolic link", ex.Message, StringComparison.Ordinal);
        Assert.Contains("outside the workspace", ex.Message, StringComparison.Ordinal);
        // A file that does not exist yet behind the link is refused too, so write_file cannot create it.
        Assert.Throws<WorkspaceAccessException>(() => fs.Resolve("escape/new.txt"));
    }

    [Fact]
    public void Resolve_DanglingSymlinkToOutside_IsRefused()
    {
        File.CreateSymbolicLink(Path.Combine(_workspace.Path, "future.txt"), Path.Combine(_outside.Path, "created-later.txt"));

        Assert.Throws<WorkspaceAccessException>(() => new WorkspaceFileSystem(_workspace.Path).Resolve("future.txt"));
    }

    [Fact]
    public void Resolve_RelativeSymlinkChainLeavingWorkspace_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_workspace.Path, "src"));
        Directory.CreateSymbolicLink(Path.Combine(_workspace.Path, "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_workspace.Path, "src", "hop"), "../up");

        Assert.Throws<WorkspaceAccessException>(() => new WorkspaceFileSystem(_workspace.Path).Resolve("src/hop/anything"));
    }

    [Fact]
    public void Resolve_SymlinkInsideWorkspace_IsAllowed()
    {
        _workspace.Write("real/a.txt", "a");
        Directory.CreateSymbolicLink(Path.Combine(_workspace.Path, "alias"), "real");
        var fs = new WorkspaceFileSystem(_workspace.Path);

        Assert.Equal(Path.Combine(fs.Root, "real", "a.txt"), fs.Resolve("alias/a.txt"));
    }

    [Theory]
    [InlineData(".git/config")]
    [InlineData(".git")]
    [InlineData("sub/.git/HEAD")]
    [InlineData(".GIT/config")]
    public void Resolve_GitFolder_IsRefused(string path)
    {
        Directory.CreateDirectory(Path.Combine(_workspace.Path, ".git"));

        var ex = Assert.Throws<WorkspaceAccessException>(() => new WorkspaceFileSystem(_workspace.Path).Resolve(path));

        Assert.Contains("inside the .git folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SymlinkToGitFolder_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_workspace.Path, ".git"));
        Directory.CreateSymbolicLink(Path.Combine(_workspace.Path, "g"), ".git");

        Assert.Throws<WorkspaceAccessException>(() => new WorkspaceFileSystem(_workspace.Path).Resolve("g/config"));
    }
}

namespace LoopFunctions.Cli.Tests;

/// <summary>A <c>PATH</c> of one temp folder with a link to every program of the usual folders except <c>bwrap</c>: a
/// machine without bubblewrap, for a child process. Removed on dispose.</summary>
internal sealed class NoBubblewrapPath : IDisposable
{
    public NoBubblewrapPath()
    {
        Folder = Directory.CreateTempSubdirectory("loopfn-nobwrap-").FullName;
        foreach (var dir in new[] { "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Where(Directory.Exists))
        {
            foreach (var program in Directory.EnumerateFiles(dir))
            {
                var link = Path.Combine(Folder, Path.GetFileName(program));
                if (Path.GetFileName(program) != "bwrap" && !File.Exists(link))
                {
                    File.CreateSymbolicLink(link, program);
                }
            }
        }
    }

    /// <summary>The folder, to be the child's whole <c>PATH</c>.</summary>
    public string Folder { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

using LoopFunctions.Loops.Processes;

namespace LoopFunctions.Loops.Workspace;

/// <summary>Reads paths of a working tree without ever following a symbolic link: a path below a link is missing, as
/// git sees it, so a link to a folder outside cannot smuggle that folder's files into a commit. FIFOs, sockets and
/// devices are reported as such (reading a FIFO would block forever).</summary>
internal sealed class TreeReader
{
    private readonly string _root;
    private readonly HashSet<string> _special;
    private readonly Dictionary<string, bool> _linkFolders = new(StringComparer.Ordinal);

    private TreeReader(string root, HashSet<string> special) => (_root, _special) = (root, special);

    public static async Task<TreeReader> OpenAsync(string root, CancellationToken cancellationToken)
    {
        // .NET does not tell a FIFO from a file; find does, in one pass, without following links.
        var find = await ProcessRunner.RunAsync(
            new ProcessRunOptions(["find", ".", "-path", "./.git", "-prune", "-o", "(", "!", "-type", "f", "!", "-type", "d", "!", "-type", "l", ")", "-print0"], root, TimeSpan.FromMinutes(5)) { OutputCap = 16 * 1024 * 1024 },
            cancellationToken).ConfigureAwait(false);
        var special = find.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p)
            .ToHashSet(StringComparer.Ordinal);
        return new TreeReader(root, special);
    }

    public TreeEntry Read(string path)
    {
        var slash = path.LastIndexOf('/');
        if (slash > 0 && PassesThroughLink(path[..slash]))
        {
            return new TreeEntry.MissingEntry();
        }

        if (_special.Contains(path))
        {
            return new TreeEntry.OtherEntry();
        }

        var full = Path.Combine(_root, path);
        var info = new FileInfo(full);
        if (info.LinkTarget is { } target)
        {
            return new TreeEntry.LinkEntry(target);
        }

        if (info.Exists)
        {
            return new TreeEntry.FileEntry(!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0);
        }

        return Directory.Exists(full) ? new TreeEntry.FolderEntry() : new TreeEntry.MissingEntry();
    }

    private bool PassesThroughLink(string folder)
    {
        if (_linkFolders.TryGetValue(folder, out var known))
        {
            return known;
        }

        var slash = folder.LastIndexOf('/');
        var result = (slash > 0 && PassesThroughLink(folder[..slash])) || new DirectoryInfo(Path.Combine(_root, folder)).LinkTarget is not null;
        _linkFolders[folder] = result;
        return result;
    }
}

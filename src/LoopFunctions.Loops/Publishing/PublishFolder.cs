using System.Security.Cryptography;
using LoopFunctions.Loops.Errors;

namespace LoopFunctions.Loops.Publishing;

/// <summary>
/// The files of the folder to publish, with their hashes. The workspace is written by the agent, so symbolic links are
/// never followed (a link to <c>~/.ssh</c> must not end up on a public URL): the folder and its parents up to the
/// workspace must not be links, and links inside it are skipped and counted.
/// </summary>
internal sealed class PublishFolder
{
    private PublishFolder(IReadOnlyList<(ProvenanceFile File, string FullPath)> files, int skippedLinks) => (Files, SkippedLinks) = (files, skippedLinks);

    /// <summary>Every regular file, ordered by its path relative to the folder.</summary>
    public IReadOnlyList<(ProvenanceFile File, string FullPath)> Files { get; }

    public int SkippedLinks { get; }

    /// <exception cref="LoopFunctionsException">The folder is outside the workspace, a link, or missing.</exception>
    public static async Task<PublishFolder> ScanAsync(string workspace, string folder, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(workspace);
        var full = Path.GetFullPath(Path.Combine(root, folder));
        if (full != root && !full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new LoopFunctionsException($"outputs.publish.folder '{folder}' is outside the workspace.");
        }

        for (var dir = new DirectoryInfo(full); dir.FullName.Length > root.TrimEnd(Path.DirectorySeparatorChar).Length; dir = dir.Parent!)
        {
            if (dir.Exists && dir.LinkTarget is not null)
            {
                throw new LoopFunctionsException($"outputs.publish.folder '{folder}': '{Path.GetRelativePath(root, dir.FullName)}' is a symbolic link; publish never follows links out of the workspace.");
            }
        }

        if (!Directory.Exists(full))
        {
            throw new LoopFunctionsException($"outputs.publish.folder '{folder}' does not exist in the workspace; the loop's verification must create it (or commit it) before it can be published.");
        }

        var files = new List<(ProvenanceFile, string)>();
        var skipped = 0;
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(full)]);
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null)
                {
                    skipped++;
                }
                else if (entry is DirectoryInfo sub)
                {
                    pending.Push(sub);
                }
                else if (entry is FileInfo file)
                {
                    var stream = file.OpenRead();
                    await using (stream.ConfigureAwait(false))
                    {
                        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
                        var relative = Path.GetRelativePath(full, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                        files.Add((new ProvenanceFile(relative, Convert.ToHexStringLower(hash), file.Length), file.FullName));
                    }
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Item1.Path, b.Item1.Path));
        return new PublishFolder(files, skipped);
    }
}

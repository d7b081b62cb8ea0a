using System.Globalization;
using System.Text;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// Stores the agent's working tree as a candidate commit with the project's own git: every file is hashed as it is on
/// disk (<c>hash-object --no-filters</c>: no attributes, filters or line-ending conversion), into a private index
/// built from the step's start commit, with only the tree's <c>.gitignore</c> files deciding what is left out. The
/// agent's repository (its index and flags, config, excludes, attributes, hooks, commits) plays no part.
/// </summary>
public static class TreeSnapshot
{
    private const string LinkMode = "160000";

    private static readonly Dictionary<string, string> FixedDates = new() { ["GIT_AUTHOR_DATE"] = "@0 +0000", ["GIT_COMMITTER_DATE"] = "@0 +0000" };

    /// <summary>Snapshots <see cref="RunFolder.Tree"/> as a child of <paramref name="head"/>.</summary>
    public static async Task<Snapshot> CreateAsync(RunFolder folder, string head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        // Nothing of the agent may still be writing while the tree is read.
        folder.Processes.KillLeftovers();
        var index = folder.NewScratchFile("snapshot.index");
        var linkTargets = Directory.CreateDirectory(folder.NewScratchFile("links")).FullName;
        try
        {
            var tracked = await GitTrees.ListAsync(folder, head, cancellationToken).ConfigureAwait(false);
            await Git.RunAsync(folder.GitCall("read-tree", head) with { IndexFile = index }, cancellationToken).ConfigureAwait(false);
            var others = await Git.RunAsync(folder.GitCall("ls-files", "-z", "--others", "--exclude-standard") with { IndexFile = index, WorkTree = folder.Tree, Directory = folder.Tree }, cancellationToken).ConfigureAwait(false);
            var paths = tracked.Keys.Concat(others.Split('\0', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

            var entries = new List<(string Mode, string? Sha, string File, string Path)>();
            var refused = new List<string>();
            var links = new Dictionary<string, string>(StringComparer.Ordinal);
            var reader = await TreeReader.OpenAsync(folder.Tree, cancellationToken).ConfigureAwait(false);
            foreach (var path in paths)
            {
                if (path.EndsWith('/'))
                {
                    refused.Add($"{path.TrimEnd('/')}: a nested git repository; its files are not committed");
                    continue;
                }

                if (path.Split('/').Any(part => part.Equals(".git", StringComparison.OrdinalIgnoreCase)))
                {
                    refused.Add($"{path}: a path inside a .git folder cannot be committed");
                    continue;
                }

                if (!tracked.ContainsKey(path) && path.Any(char.IsControl))
                {
                    // "calc.py\r" beside "calc.py" reads as the same file to a person and to tools that strip CR.
                    refused.Add($"{Visible(path)}: a file name with a control character (a line break, a carriage return) is not committed");
                    continue;
                }

                switch (reader.Read(path))
                {
                    case TreeEntry.LinkEntry(var target):
                        var file = Path.Combine(linkTargets, entries.Count.ToString(CultureInfo.InvariantCulture));
                        await File.WriteAllBytesAsync(file, Encoding.UTF8.GetBytes(target), cancellationToken).ConfigureAwait(false);
                        entries.Add(("120000", null, file, path));
                        links[path] = target;
                        break;
                    case TreeEntry.FileEntry(var executable):
                        entries.Add((executable ? "100755" : "100644", null, Path.Combine(folder.Tree, path), path));
                        break;
                    case TreeEntry.FolderEntry when tracked.TryGetValue(path, out var entry) && entry.Mode == LinkMode:
                        entries.Add((LinkMode, entry.Sha, "", path)); // a submodule stays as recorded
                        break;
                    case TreeEntry.OtherEntry:
                        refused.Add($"{path}: not a regular file, folder or symbolic link");
                        break;
                    default:
                        break; // deleted
                }
            }

            var hashes = await HashAsync(folder, entries.Where(e => e.Sha is null).Select(e => e.File).ToList(), cancellationToken).ConfigureAwait(false);
            var indexInfo = new StringBuilder();
            var next = 0;
            foreach (var (mode, sha, _, path) in entries)
            {
                indexInfo.Append(mode).Append(' ').Append(sha ?? hashes[next++]).Append('\t').Append(path).Append('\0');
            }

            File.Delete(index);
            await Git.RunAsync(folder.GitCall("update-index", "-z", "--index-info") with { IndexFile = index, Input = indexInfo.ToString() }, cancellationToken).ConfigureAwait(false);
            var tree = (await Git.RunAsync(folder.GitCall("write-tree") with { IndexFile = index }, cancellationToken).ConfigureAwait(false)).Trim();
            // Fixed dates: the same tree on the same start commit is the same candidate, on a retry or in another run.
            var candidate = folder.GitCall("commit-tree", tree, "-p", head, "-m", "loopfn: candidate") with { Environment = FixedDates };
            var commit = (await Git.RunAsync(candidate, cancellationToken).ConfigureAwait(false)).Trim();
            await Git.RunAsync(folder.GitCall("update-ref", folder.CandidateRef, commit), cancellationToken).ConfigureAwait(false);
            var changes = await GitTrees.DiffAsync(folder, head, tree, cancellationToken).ConfigureAwait(false);
            return new Snapshot(commit, tree, changes, refused, links);
        }
        finally
        {
            File.Delete(index);
            Folders.Delete(linkTargets);
        }
    }

    private static string Visible(string path) =>
        string.Concat(path.Select(c => char.IsControl(c) ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture) : c.ToString()));

    /// <summary>Stores each file as a blob exactly as it is on disk; returns the ids in order.</summary>
    private static async Task<IReadOnlyList<string>> HashAsync(RunFolder folder, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var hashes = new string[files.Count];
        // --stdin-paths reads one path per line and drops a trailing CR: such names are hashed one by one.
        var batch = Enumerable.Range(0, files.Count).Where(i => !files[i].Any(char.IsControl)).ToList();
        if (batch.Count > 0)
        {
            var input = string.Concat(batch.Select(i => files[i] + "\n"));
            var output = await Git.RunAsync(folder.GitCall("hash-object", "-w", "--no-filters", "--stdin-paths") with { Input = input }, cancellationToken).ConfigureAwait(false);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var k = 0; k < batch.Count; k++)
            {
                hashes[batch[k]] = lines[k].Trim();
            }
        }

        foreach (var i in Enumerable.Range(0, files.Count).Except(batch))
        {
            hashes[i] = (await Git.RunAsync(folder.GitCall("hash-object", "-w", "--no-filters", "--", files[i]), cancellationToken).ConfigureAwait(false)).Trim();
        }

        return hashes;
    }
}

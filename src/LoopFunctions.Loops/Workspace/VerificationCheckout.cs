using System.Text;

namespace LoopFunctions.Loops.Workspace;

/// <summary>
/// Lays out the commit under verification in a fresh, empty folder (<see cref="RunFolder.Checkout"/>) with the
/// project's git: what the checks see is exactly that commit, as a clone would get it, except that protected paths
/// (and every file a check names) are taken from the base commit.
/// </summary>
public static class VerificationCheckout
{
    /// <param name="folder">The run's folder.</param>
    /// <param name="commit">The commit to lay out.</param>
    /// <param name="baseCommit">Where protected paths are taken from.</param>
    /// <param name="protect">The protected paths.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <param name="target">The folder to lay it out in; default <see cref="RunFolder.Checkout"/>.</param>
    /// <returns>The protected paths that differed from the base commit and were taken from it.</returns>
    public static async Task<IReadOnlyList<string>> PrepareAsync(RunFolder folder, string commit, string baseCommit, IReadOnlyList<PathGlob> protect, CancellationToken cancellationToken, string? target = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(protect);
        var checkout = target ?? folder.Checkout;
        // A check of the last verification may have left a process behind; it must not write into this checkout.
        folder.Processes.KillLeftovers();
        Folders.Delete(checkout);
        Directory.CreateDirectory(checkout);
        var index = folder.NewScratchFile("check.index");
        try
        {
            await Git.RunAsync(folder.GitCall("read-tree", commit) with { IndexFile = index }, cancellationToken).ConfigureAwait(false);
            var restored = new List<string>();
            if (protect.Count > 0 && commit != baseCommit)
            {
                var fromBase = await GitTrees.ListAsync(folder, baseCommit, cancellationToken).ConfigureAwait(false);
                var fromCommit = await GitTrees.ListAsync(folder, commit, cancellationToken).ConfigureAwait(false);
                var removals = new StringBuilder();
                var additions = new StringBuilder();
                foreach (var path in fromBase.Keys.Union(fromCommit.Keys).Where(p => PathGlob.AnyMatch(protect, p)).Order(StringComparer.Ordinal))
                {
                    var had = fromBase.TryGetValue(path, out var before);
                    var has = fromCommit.TryGetValue(path, out var now);
                    if (had == has && before == now)
                    {
                        continue;
                    }

                    restored.Add(path);
                    if (had)
                    {
                        additions.Append(before.Mode).Append(' ').Append(before.Sha).Append('\t').Append(path).Append('\0');
                    }
                    else
                    {
                        removals.Append("0 ").Append(new string('0', now.Sha.Length)).Append('\t').Append(path).Append('\0');
                    }
                }

                if (restored.Count > 0)
                {
                    await Git.RunAsync(folder.GitCall("update-index", "-z", "--index-info") with { IndexFile = index, Input = removals.ToString() + additions }, cancellationToken).ConfigureAwait(false);
                }
            }

            await Git.RunAsync(folder.GitCall("checkout-index", "--all", "--force") with { IndexFile = index, WorkTree = checkout, Directory = checkout }, cancellationToken).ConfigureAwait(false);
            var files = await Git.RunAsync(folder.GitCall("ls-files", "-s", "-z") with { IndexFile = index }, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(ListFile(folder, checkout), files, cancellationToken).ConfigureAwait(false);
            return restored;
        }
        finally
        {
            File.Delete(index);
        }
    }

    /// <summary>The files laid out by <see cref="PrepareAsync"/> in <paramref name="checkout"/> that are no longer
    /// as laid out (changed, deleted, a file turned into a link): what the checks verified would not be the commit.
    /// Files are hashed as they are on disk, with no attributes or filters.</summary>
    public static async Task<IReadOnlyList<string>> ChangedAsync(RunFolder folder, CancellationToken cancellationToken, string? checkout = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        checkout ??= folder.Checkout;
        var list = ListFile(folder, checkout);
        if (!File.Exists(list))
        {
            return [];
        }

        var files = new List<(string Sha, string Path)>();
        var changed = new List<string>();
        foreach (var line in (await File.ReadAllTextAsync(list, cancellationToken).ConfigureAwait(false)).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <sha> <stage>\t<path>"
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var fields = line[..tab].Split(' ');
            var path = line[(tab + 1)..];
            var full = Path.Combine(checkout, path);
            var info = new FileInfo(full);
            if (fields[0] is "100644" or "100755")
            {
                if (info.LinkTarget is not null || !info.Exists)
                {
                    changed.Add(path);
                }
                else
                {
                    files.Add((fields[1], path));
                }
            }
            else if (fields[0] == "120000" && info.LinkTarget is null)
            {
                changed.Add(path);
            }
        }

        // One git for all the names it can read a line at a time; the rest (a control character) one by one.
        var batch = files.Where(f => !f.Path.Any(char.IsControl)).ToList();
        var hashes = batch.Count == 0 ? []
            : (await Git.RunAsync(folder.GitCall("hash-object", "--no-filters", "--stdin-paths") with { Input = string.Concat(batch.Select(f => Path.Combine(checkout, f.Path) + "\n")) }, cancellationToken).ConfigureAwait(false))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < batch.Count; i++)
        {
            if (i >= hashes.Length || hashes[i].Trim() != batch[i].Sha)
            {
                changed.Add(batch[i].Path);
            }
        }

        foreach (var (sha, path) in files.Where(f => f.Path.Any(char.IsControl)))
        {
            var now = (await Git.RunAsync(folder.GitCall("hash-object", "--no-filters", "--", Path.Combine(checkout, path)), cancellationToken).ConfigureAwait(false)).Trim();
            if (now != sha)
            {
                changed.Add(path);
            }
        }

        return changed;
    }

    private static string ListFile(RunFolder folder, string checkout)
    {
        Directory.CreateDirectory(folder.State);
        return Path.Combine(folder.State, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(checkout))}.files");
    }
}

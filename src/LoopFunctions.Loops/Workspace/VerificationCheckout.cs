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
            return restored;
        }
        finally
        {
            File.Delete(index);
        }
    }
}

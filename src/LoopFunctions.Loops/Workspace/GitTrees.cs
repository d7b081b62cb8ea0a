namespace LoopFunctions.Loops.Workspace;

/// <summary>Reads trees of the project's repository: their entries, and what differs between two.</summary>
internal static class GitTrees
{
    /// <summary>Every entry of <paramref name="treeish"/>, recursively: path to (mode, object id).</summary>
    public static async Task<Dictionary<string, (string Mode, string Sha)>> ListAsync(RunFolder folder, string treeish, CancellationToken cancellationToken)
    {
        var output = await Git.RunAsync(folder.GitCall("ls-tree", "-r", "-z", "--full-tree", treeish), cancellationToken).ConfigureAwait(false);
        var entries = new Dictionary<string, (string Mode, string Sha)>(StringComparer.Ordinal);
        foreach (var line in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> SP <type> SP <sha> TAB <path>"
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var fields = line[..tab].Split(' ');
            entries[line[(tab + 1)..]] = (fields[0], fields[2]);
        }

        return entries;
    }

    /// <summary>What changed from <paramref name="from"/> to <paramref name="to"/>, with line counts.</summary>
    public static async Task<IReadOnlyList<ChangedPath>> DiffAsync(RunFolder folder, string from, string to, CancellationToken cancellationToken)
    {
        var raw = await Git.RunAsync(folder.GitCall("diff-tree", "-r", "-z", "--raw", "--no-renames", "--no-ext-diff", "--no-textconv", from, to), cancellationToken).ConfigureAwait(false);
        var numstat = await Git.RunAsync(folder.GitCall("diff-tree", "-r", "-z", "--numstat", "--no-renames", "--no-ext-diff", "--no-textconv", from, to), cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, (int Ins, int Del)>(StringComparer.Ordinal);
        foreach (var entry in numstat.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('\t', 3);
            if (parts.Length == 3)
            {
                counts[parts[2]] = (int.TryParse(parts[0], out var i) ? i : 0, int.TryParse(parts[1], out var d) ? d : 0);
            }
        }

        var fields = raw.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var changes = new List<ChangedPath>();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            // ":<old mode> <new mode> <old sha> <new sha> <status>" then the path.
            var meta = fields[i].TrimStart(':').Split(' ');
            var path = fields[i + 1];
            var (ins, del) = counts.GetValueOrDefault(path);
            changes.Add(new ChangedPath(path, meta[4][0], null, ins, del, meta[1] == "000000" ? null : meta[1]));
        }

        return changes;
    }

    /// <summary>The tree of a commit.</summary>
    public static async Task<string> TreeOfAsync(RunFolder folder, string commit, CancellationToken cancellationToken) =>
        (await Git.RunAsync(folder.GitCall("rev-parse", commit + "^{tree}"), cancellationToken).ConfigureAwait(false)).Trim();
}

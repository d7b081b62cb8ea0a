namespace LoopFunctions.Loops.Agents.Workspace;

/// <summary>
/// The confinement every agent file tool goes through: maps a workspace-relative path to a real path inside the
/// workspace, or refuses it with a message the model can act on. Refused: absolute paths, <c>..</c> escapes, paths
/// that pass through a symbolic link leading outside the workspace (every existing component is resolved, including
/// links inside link targets and dangling links), and anything inside <c>.git</c>.
/// </summary>
/// <remarks>Checks happen before each access; a process racing to swap a directory for a link between the check and
/// the use is out of scope (the agent's own commands run in the same workspace and are governed separately).</remarks>
public sealed class WorkspaceFileSystem
{
    private const int MaxLinkDepth = 40;

    /// <summary>Opens the workspace rooted at <paramref name="rootPath"/>, which must exist.</summary>
    public WorkspaceFileSystem(string rootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        if (!Directory.Exists(rootPath))
        {
            throw new AgentException($"workspace '{rootPath}' does not exist");
        }

        Root = RealPath(Path.GetFullPath(rootPath), 0);
    }

    /// <summary>The workspace root with every symbolic link resolved.</summary>
    public string Root { get; }

    /// <summary>Resolves a workspace-relative path (<c>""</c> or <c>"."</c> is the root) to its real absolute path.</summary>
    /// <exception cref="WorkspaceAccessException">The path is not allowed; the message says why.</exception>
    public string Resolve(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.Contains('\0', StringComparison.Ordinal))
        {
            throw new WorkspaceAccessException($"path '{relativePath}' contains a NUL character");
        }

        if (Path.IsPathRooted(relativePath))
        {
            throw new WorkspaceAccessException(
                $"path '{relativePath}' is absolute; give a path relative to the workspace root");
        }

        var lexical = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!IsInsideRoot(lexical))
        {
            throw new WorkspaceAccessException($"path '{relativePath}' is outside the workspace");
        }

        var real = RealPath(lexical, 0);
        if (!IsInsideRoot(real))
        {
            throw new WorkspaceAccessException(
                $"path '{relativePath}' goes through a symbolic link to '{real}', which is outside the workspace");
        }

        if (IsGitPath(lexical) || IsGitPath(real))
        {
            throw new WorkspaceAccessException(
                $"path '{relativePath}' is inside the .git folder, which agents may not read or change");
        }

        return real;
    }

    /// <summary>The workspace-relative form (with <c>/</c> separators) of a path returned by <see cref="Resolve"/>.</summary>
    public string ToRelative(string resolvedPath)
    {
        var relative = Path.GetRelativePath(Root, resolvedPath);
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>True for the <c>.git</c> folder itself or anything under it (any letter case, because a
    /// case-insensitive file system treats <c>.GIT</c> as the same folder).</summary>
    internal bool IsGitPath(string absolutePath)
    {
        var relative = Path.GetRelativePath(Root, absolutePath);
        return relative
            .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)
            .Any(part => part.Equals(".git", StringComparison.OrdinalIgnoreCase));
    }

    private bool IsInsideRoot(string absolutePath) =>
        absolutePath.Equals(Root, StringComparison.Ordinal)
        || absolutePath.StartsWith(Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar,
            StringComparison.Ordinal);

    /// <summary>Like realpath(3), but tolerating components that do not exist yet (a file about to be written):
    /// existing components are resolved link by link, the rest is appended as text.</summary>
    private static string RealPath(string absolutePath, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw new WorkspaceAccessException($"too many levels of symbolic links resolving '{absolutePath}'");
        }

        var root = Path.GetPathRoot(absolutePath) ?? "/";
        var current = root;
        var parts = absolutePath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                if (!File.Exists(next) && !Directory.Exists(next))
                {
                    // Nothing below a missing component can be a link, so the rest is plain text.
                    return Path.GetFullPath(Path.Combine([current, .. parts[i..]]));
                }

                current = next;
                continue;
            }

            var targetPath = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            current = RealPath(targetPath, depth + 1);
        }

        return current;
    }
}

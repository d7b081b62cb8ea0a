namespace LoopFunctions.Loops.Workspace;

/// <summary>One git invocation: where, on which repository, work tree and index, with what input.</summary>
/// <param name="Directory">The working directory.</param>
/// <param name="Args">git's arguments, after the options <see cref="Git"/> adds.</param>
public sealed record GitCall(string Directory, IReadOnlyList<string> Args)
{
    /// <summary><c>GIT_DIR</c>: the repository, instead of discovering one from <see cref="Directory"/>.</summary>
    public string? GitDir { get; init; }

    /// <summary><c>GIT_WORK_TREE</c>.</summary>
    public string? WorkTree { get; init; }

    /// <summary><c>GIT_INDEX_FILE</c>: a private index, so the repository's own index (and its flags) is never used.</summary>
    public string? IndexFile { get; init; }

    /// <summary>Text for git's stdin.</summary>
    public string? Input { get; init; }

    /// <summary>More environment variables for git (dates, say).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>A clone, fetch or push: the user's own git configuration and SSH agent are used to reach the remote
    /// (credentials), which never happens for the work on the trees.</summary>
    public bool Remote { get; init; }
}

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>What the scripted model answers to one request: a tool call that writes a file with the CLI's own
/// write tool, or a final text message.</summary>
internal abstract record ModelAction
{
    /// <summary>Write <paramref name="content"/> to <paramref name="path"/>: relative paths are resolved against the
    /// server's <see cref="ModelServer.WorkingDirectory"/> for CLIs whose tool wants an absolute path. A path outside
    /// the workspace makes an edit the CLI denies (claude without a permission mode) or fails (codex in its sandbox).
    /// </summary>
    public static ModelAction WriteFile(string path, string content) => new WriteFileAction(path, content);

    /// <summary>Read <paramref name="path"/> with the CLI's read tool (Anthropic's <c>Read</c> only: Claude Code
    /// refuses to overwrite a file it has not read in the session since it last changed).</summary>
    public static ModelAction ReadFile(string path) => new ReadFileAction(path);

    /// <summary>End the user turn with this text.</summary>
    public static ModelAction Reply(string text) => new ReplyAction(text);
}

internal sealed record WriteFileAction(string Path, string Content) : ModelAction;

internal sealed record ReadFileAction(string Path) : ModelAction;

internal sealed record ReplyAction(string Text) : ModelAction;

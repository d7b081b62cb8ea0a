namespace LoopFunctions.Loops.Workspace;

/// <summary>What a path of the agent's tree is, as <c>lstat</c> sees it.</summary>
internal abstract record TreeEntry
{
    private TreeEntry()
    {
    }

    public sealed record FileEntry(bool Executable) : TreeEntry;

    public sealed record LinkEntry(string Target) : TreeEntry;

    public sealed record FolderEntry : TreeEntry;

    public sealed record OtherEntry : TreeEntry;

    public sealed record MissingEntry : TreeEntry;
}

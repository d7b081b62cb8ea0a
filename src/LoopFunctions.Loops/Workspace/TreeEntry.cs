namespace LoopFunctions.Loops.Workspace;

/// <summary>What a path of the agent's tree is, as <c>lstat</c> sees it.</summary>
internal abstract record TreeEntry
{
    private TreeEntry()
    {
    }

    public sealed record File(bool Executable) : TreeEntry;

    public sealed record Link(string Target) : TreeEntry;

    public sealed record Folder : TreeEntry;

    public sealed record Other : TreeEntry;

    public sealed record Missing : TreeEntry;
}

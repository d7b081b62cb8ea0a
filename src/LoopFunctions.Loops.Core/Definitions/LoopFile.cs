namespace LoopFunctions.Loops.Definitions;

/// <summary>A loop file as a reader found it: its text, or why it could not be read. What <see cref="LoopCatalog"/> is
/// built from, so the catalog itself reads nothing (the core does no I/O; the readers are the hosts': <c>LoopFileReader</c>
/// in LoopFunctions.Loops, <c>LoopFolder</c> in LoopFunctions.Triggers).</summary>
/// <param name="Path">The file's path; errors and <see cref="LoopDefinition.SourcePath"/> name it.</param>
/// <param name="Text">The file's text; null when it could not be read.</param>
/// <param name="ReadError">Why it could not be read, when <paramref name="Text"/> is null.</param>
public sealed record LoopFile(string Path, string? Text, string? ReadError = null)
{
    /// <summary>A file the reader could not read, with the reason every reader gives.</summary>
    public static LoopFile Unreadable(string path, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new LoopFile(path, null, "cannot read the file: " + error.Message);
    }
}

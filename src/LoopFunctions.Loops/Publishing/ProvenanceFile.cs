namespace LoopFunctions.Loops.Publishing;

/// <summary>One published file in a provenance record.</summary>
/// <param name="Path">Relative to the prefix, with <c>/</c> separators.</param>
/// <param name="Sha256">The SHA-256 of the content, lowercase hex.</param>
/// <param name="Size">The content's length in bytes.</param>
public sealed record ProvenanceFile(string Path, string Sha256, long Size);

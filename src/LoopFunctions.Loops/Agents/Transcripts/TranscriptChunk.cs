namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>The entries read from a transcript from an offset on.</summary>
/// <param name="Entries">Complete entries only: a line still being written is left for the next read.</param>
/// <param name="NextOffset">Where the next read (a follower's) starts.</param>
public sealed record TranscriptChunk(IReadOnlyList<TranscriptEntry> Entries, long NextOffset);

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>One entry of an agent step's transcript: one line of the stored JSON lines.</summary>
/// <param name="Time">When the step wrote it (UTC).</param>
/// <param name="Kind">What it records.</param>
/// <param name="Text">The text, secrets masked and size-capped.</param>
/// <param name="Tool">The tool's name, for <see cref="TranscriptKind.ToolCall"/> and <see cref="TranscriptKind.ToolResult"/>.</param>
public sealed record TranscriptEntry(DateTimeOffset Time, TranscriptKind Kind, string Text, string? Tool = null)
{
    /// <summary>The attempt of <c>agent.attempts</c> whose stream the entry was read from (<see cref="TranscriptStream"/>);
    /// null for an iteration without attempts. Set by the reader, never stored in the line.</summary>
    public int? Attempt { get; init; }
}

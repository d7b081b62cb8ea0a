namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>What a transcript entry records. Stored in snake case (<c>tool_call</c>).</summary>
public enum TranscriptKind
{
    /// <summary>A line the agent's process wrote to stdout (a command agent, or a CLI line that is no event).</summary>
    Output,

    /// <summary>A line the agent's process wrote to stderr.</summary>
    Stderr,

    /// <summary>Text of the model or the CLI: an assistant message, a final answer, a note of the step.</summary>
    Message,

    /// <summary>A tool the agent called, with its arguments.</summary>
    ToolCall,

    /// <summary>What a tool call returned.</summary>
    ToolResult,

    /// <summary>Tokens and cost the agent reported.</summary>
    Usage,

    /// <summary>Why the step failed, or an error the agent reported.</summary>
    Error,

    /// <summary>The start of a retried attempt of the same step (<c>attempt 2</c>), so attempts never mix silently.</summary>
    Attempt,

    /// <summary>The iteration's transcript reached its size cap; nothing after this entry was kept.</summary>
    Truncated,
}

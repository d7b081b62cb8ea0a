namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>One entry of a request's conversation, read the same way whatever the wire API.</summary>
internal sealed record ConversationItem(ConversationItemKind Kind, string Text);

internal enum ConversationItemKind
{
    UserText,
    AssistantText,
    ToolCall,
    ToolResult,
}

using System.Text.Json;

namespace LoopFunctions.Loops.Tests.Agents.ModelServers;

/// <summary>A request a model server received, whatever its route.</summary>
/// <param name="Scripted">True when the scenario answered it (an agent turn); false for side calls (titles, token
/// counts, model lists, routes the server does not know).</param>
internal sealed record ModelRequest(
    string Method,
    string Path,
    string QueryString,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    bool Scripted)
{
    /// <summary>When it arrived (UTC): the agent bench times the CLI's startup and tail around the model calls.</summary>
    public DateTime ReceivedAt { get; init; } = DateTime.UtcNow;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

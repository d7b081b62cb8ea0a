using System.Text.Json;

namespace LoopFunctions.Loops.Tests.Agents;

/// <summary>A request the stub received.</summary>
internal sealed record RecordedRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public IReadOnlyList<JsonElement> Messages => [.. Json.GetProperty("messages").EnumerateArray()];
}

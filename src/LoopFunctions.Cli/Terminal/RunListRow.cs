using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoopFunctions.Cli.Terminal;

/// <summary>A run as <c>loopfn list</c>'s table shows it, read from the host's management API: the same fields as
/// its plain line (<see cref="Commands.InstanceText.Describe"/>), one per column.</summary>
internal sealed record RunListRow(string Id, string Status, string Loop, string Iteration, string Phase, string Tokens, string Cost, string Outcome)
{
    public static RunListRow From(JsonNode instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var s = instance["customStatus"] as JsonObject;
        var spent = s?["spent"] as JsonObject;
        var outcome = instance["output"] switch
        {
            JsonObject result when result["outcome"] is { } o => $"{o}: {result["reason"]}",
            JsonValue reason when reason.GetValueKind() == JsonValueKind.String => $"reason: {reason}",
            _ => "",
        };
        return new RunListRow(
            $"{instance["instanceId"]}",
            $"{instance["runtimeStatus"]}",
            $"{s?["loop"]}",
            $"{s?["iteration"]}",
            $"{s?["phase"]}",
            spent is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{(long?)spent["inputTokens"] + (long?)spent["outputTokens"]:N0}"),
            spent is null ? "" : string.Create(CultureInfo.InvariantCulture, $"${(decimal?)spent["costUsd"]:0.0000}"),
            outcome);
    }
}

using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary>What a post-deploy check is (<see cref="DeployCheckPlan.Kind"/>).</summary>
/// <remarks>Replay: plans are stored in orchestration histories, so each member keeps the string it replaced held
/// (<c>http</c>, <c>command</c>). Never rename one.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<DeployCheckKind>))]
public enum DeployCheckKind
{
    /// <summary><c>http</c>: a request against the deployed URL.</summary>
    [JsonStringEnumMemberName("http")]
    Http,

    /// <summary><c>command</c>: a command in the deployment's checkout.</summary>
    [JsonStringEnumMemberName("command")]
    Command,
}

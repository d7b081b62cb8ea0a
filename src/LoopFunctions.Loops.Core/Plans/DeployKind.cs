using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary>How <c>outputs.deploy</c> deploys (<see cref="DeployPlan.Kind"/>).</summary>
/// <remarks>Replay: plans are stored in orchestration histories, so each member keeps the string it replaced held
/// (<c>command</c>, <c>publish</c>). Never rename one.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<DeployKind>))]
public enum DeployKind
{
    /// <summary><c>command</c>: a command in a clean checkout of the verified commit.</summary>
    [JsonStringEnumMemberName("command")]
    Command,

    /// <summary><c>publish</c>: the built-in <c>outputs.publish</c> upload is the deployment.</summary>
    [JsonStringEnumMemberName("publish")]
    Publish,
}

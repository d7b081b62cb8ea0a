using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary><c>outputs.commit</c>: how a verified run's commits reach the branch it pushes.</summary>
/// <remarks>Replay: plans are stored in orchestration histories, so each member keeps the JSON name the loop file uses
/// and the string it replaced held (<c>each_iteration</c>, <c>on_success</c>). Never rename one.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<CommitMode>))]
public enum CommitMode
{
    /// <summary><c>each_iteration</c>: one commit per iteration.</summary>
    [JsonStringEnumMemberName("each_iteration")]
    EachIteration,

    /// <summary><c>on_success</c>: the iterations' commits are squashed into one when the run is verified (they are
    /// still committed as they go, so a crash never loses work).</summary>
    [JsonStringEnumMemberName("on_success")]
    OnSuccess,
}

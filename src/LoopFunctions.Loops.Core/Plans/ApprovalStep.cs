using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary>An output step that <c>governance.approve</c> can make wait for a person.</summary>
/// <remarks>Replay: plans are stored in orchestration histories (the output of <c>LoadPlan</c>), so each member keeps
/// the JSON name the loop file uses and the string list it replaced held (<c>push</c>, <c>pr</c>, <c>publish</c>,
/// <c>deploy</c>). Never rename one.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalStep>))]
public enum ApprovalStep
{
    /// <summary><c>push</c>: the push of the loop's branch, or of a pull-request loop's commit to the head.</summary>
    [JsonStringEnumMemberName("push")]
    Push,

    /// <summary><c>pr</c>: opening or updating a pull request.</summary>
    [JsonStringEnumMemberName("pr")]
    PullRequest,

    /// <summary><c>publish</c>: the upload of <c>outputs.publish</c>.</summary>
    [JsonStringEnumMemberName("publish")]
    Publish,

    /// <summary><c>deploy</c>: <c>outputs.deploy</c>.</summary>
    [JsonStringEnumMemberName("deploy")]
    Deploy,
}

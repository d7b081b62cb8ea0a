using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary>What a <c>verify:</c> check is: the key that names it in the loop file.</summary>
/// <remarks>Replay: plans are stored in orchestration histories (the output of <c>LoadPlan</c>), so each member keeps
/// the JSON name the loop file uses and the string it replaced held (<c>command</c>, <c>tests</c>, <c>judge</c>). Never
/// rename one.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<CheckKind>))]
public enum CheckKind
{
    /// <summary><c>command</c>: a command whose exit code is the verdict.</summary>
    [JsonStringEnumMemberName("command")]
    Command,

    /// <summary><c>tests</c>: a test command whose report (TRX or JUnit XML) is read for the failures.</summary>
    [JsonStringEnumMemberName("tests")]
    Tests,

    /// <summary><c>judge</c>: a model scores the change against a rubric.</summary>
    [JsonStringEnumMemberName("judge")]
    Judge,
}

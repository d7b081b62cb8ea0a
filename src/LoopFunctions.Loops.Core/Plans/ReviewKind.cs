using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary>Who reviews a pull-request loop's diff (<see cref="ReviewPlan.Kind"/>).</summary>
/// <remarks>Replay: plans are stored in orchestration histories, so each member keeps the string it replaced held
/// (<c>llm</c>, <c>command</c>). Never rename one.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewKind>))]
public enum ReviewKind
{
    /// <summary><c>llm</c>: a model reads the diff.</summary>
    [JsonStringEnumMemberName("llm")]
    Llm,

    /// <summary><c>command</c>: a program prints the findings.</summary>
    [JsonStringEnumMemberName("command")]
    Command,
}

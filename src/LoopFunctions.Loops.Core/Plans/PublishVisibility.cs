using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary><c>outputs.publish.visibility</c>: who may read what a loop publishes.</summary>
/// <remarks>Replay: plans are stored in orchestration histories, so each member keeps the string it replaced
/// (<c>private</c>, <c>public</c>). Never rename one.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<PublishVisibility>))]
public enum PublishVisibility
{
    /// <summary><c>private</c> (default): a read-only SAS link that expires.</summary>
    [JsonStringEnumMemberName("private")]
    Private,

    /// <summary><c>public</c>: anonymous blob reads.</summary>
    [JsonStringEnumMemberName("public")]
    Public,
}

using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Definitions;

/// <summary><c>governance.on_push</c>: what a live pull-request loop does when its pull request gets a new push.</summary>
/// <remarks>Serialized as the loop file spells it (<c>raise</c>, <c>restart</c>), as the string this enum replaced was.
/// Never rename a member's JSON name.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<PushReaction>))]
public enum PushReaction
{
    /// <summary><c>raise</c> (default): the live run receives the push as an event.</summary>
    [JsonStringEnumMemberName("raise")]
    Raise,

    /// <summary><c>restart</c>: the live run is ended and a new one starts on the new head.</summary>
    [JsonStringEnumMemberName("restart")]
    Restart,
}

using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Definitions;

/// <summary>What starts a loop: the keys of a loop file's <c>on:</c>.</summary>
/// <remarks>Serialized as the loop file spells it (<c>manual</c>, <c>schedule</c>, <c>github</c>, <c>webhook</c>), as
/// the string this enum replaced was: listings and stored payloads read the same. Never rename a member's JSON name.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<TriggerKind>))]
public enum TriggerKind
{
    /// <summary><c>manual</c>: started by hand (HTTP, <c>loopfn run</c>).</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,

    /// <summary><c>schedule</c>: an NCRONTAB schedule.</summary>
    [JsonStringEnumMemberName("schedule")]
    Schedule,

    /// <summary><c>github</c>: a GitHub webhook event.</summary>
    [JsonStringEnumMemberName("github")]
    GitHub,

    /// <summary><c>webhook</c>: a generic webhook by name.</summary>
    [JsonStringEnumMemberName("webhook")]
    Webhook,
}

using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Plans;

/// <summary><c>agent.sandbox</c>: how the agent's commands (and the checks) are confined.</summary>
/// <remarks>Replay: plans are stored in orchestration histories, so each member keeps the string it replaced held
/// (<c>bwrap</c>, <c>none</c>). Never rename one. <see cref="Bwrap"/> is the first member, so a plan stored before the
/// property existed reads as confined.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<SandboxMode>))]
public enum SandboxMode
{
    /// <summary><c>bwrap</c> (default): a bubblewrap sandbox over the workspace.</summary>
    [JsonStringEnumMemberName("bwrap")]
    Bwrap,

    /// <summary><c>none</c>: the commands run unconfined, as the host's user.</summary>
    [JsonStringEnumMemberName("none")]
    None,
}

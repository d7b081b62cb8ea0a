using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>How one attempt of an iteration ended (<see cref="AttemptRecord.Verdict"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttemptVerdict>))]
public enum AttemptVerdict
{
    /// <summary>Its candidate passed verification.</summary>
    Verified,

    /// <summary>Its candidate was verified and failed.</summary>
    NotVerified,

    /// <summary>The guard refused its candidate: never verified nor committed.</summary>
    GuardRefused,

    /// <summary>It left no candidate: the agent changed nothing in a tree whose checks already failed.</summary>
    NoCandidate,
}

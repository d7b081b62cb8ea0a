using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>What happened to a push to a pull request's head.</summary>
/// <param name="Status">Pushed, or why not.</param>
/// <param name="RemoteHead">The head branch's commit on the remote after the step.</param>
/// <param name="Detail">What git or the remote said, when not pushed.</param>
public sealed record PullRequestPushResult(PullRequestPushStatus Status, string RemoteHead, string? Detail = null);

/// <summary>How a push to a pull request's head ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PullRequestPushStatus>))]
public enum PullRequestPushStatus
{
    /// <summary>The head branch is at the loop's commit.</summary>
    Pushed,

    /// <summary>Someone pushed to the head branch since the loop's work started: pushing would need a force, which the
    /// loop never does.</summary>
    Moved,

    /// <summary>The remote refused the push (no permission, a protected branch, a fork that does not allow maintainers).</summary>
    Denied,
}

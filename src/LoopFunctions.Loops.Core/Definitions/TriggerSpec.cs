namespace LoopFunctions.Loops.Definitions;

/// <summary>What starts a loop: <c>manual</c>, <c>schedule</c>, <c>github</c> or <c>webhook</c>.</summary>
/// <param name="Kind">The trigger kind (<c>on:</c> key).</param>
/// <param name="Schedule">schedule: the NCRONTAB expression (6 fields with seconds, or 5).</param>
/// <param name="TimeZone">schedule: an IANA time zone; default UTC.</param>
/// <param name="GitHubEvent">github: the event name (<c>pull_request</c>, <c>push</c>, <c>issues</c>, <c>issue_comment</c>,
/// <c>check_suite</c>, <c>deployment_status</c>).</param>
/// <param name="Actions">github: the actions or conclusions that match (<c>opened</c>, <c>failure</c>...); empty = all.</param>
/// <param name="Branches">github push: branch globs; empty = all.</param>
/// <param name="Labels">github issues: labels that must be present; empty = any.</param>
/// <param name="Contains">github issue_comment: text the comment must contain.</param>
/// <param name="WebhookName">webhook: the name in <c>/api/webhooks/generic/{name}</c>.</param>
public sealed record TriggerSpec(
    TriggerKind Kind,
    string? Schedule = null,
    string? TimeZone = null,
    string? GitHubEvent = null,
    IReadOnlyList<string>? Actions = null,
    IReadOnlyList<string>? Branches = null,
    IReadOnlyList<string>? Labels = null,
    string? Contains = null,
    string? WebhookName = null);

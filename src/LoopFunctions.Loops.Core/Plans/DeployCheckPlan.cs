namespace LoopFunctions.Loops.Plans;

/// <summary>A post-deploy check: an HTTP request against the deployed URL, or a command.</summary>
/// <param name="Name">Shown in reports; unique among the deploy checks.</param>
/// <param name="Kind"><c>http</c> or <c>command</c>.</param>
/// <param name="Url">http: the URL (template: <c>{url}</c> is the deployment's URL).</param>
/// <param name="Status">http: the status code expected; default 200.</param>
/// <param name="Contains">http: text the body must contain (<c>{commit}</c> is the deployed commit).</param>
/// <param name="MaxLatency">http: the longest the answer may take.</param>
/// <param name="Command">command: argv, run in the deployment's checkout (<c>{url}</c> replaced).</param>
/// <param name="Timeout">Per attempt.</param>
/// <param name="Retries">Extra attempts before the check fails (a deployment may need a moment to be served).</param>
/// <param name="RetryDelay">Wait between attempts.</param>
public sealed record DeployCheckPlan(
    string Name,
    DeployCheckKind Kind,
    string? Url,
    int Status,
    string? Contains,
    TimeSpan? MaxLatency,
    IReadOnlyList<string>? Command,
    TimeSpan Timeout,
    int Retries,
    TimeSpan RetryDelay);

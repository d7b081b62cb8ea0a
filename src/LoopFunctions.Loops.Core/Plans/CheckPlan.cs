namespace LoopFunctions.Loops.Plans;

/// <summary>One verification check.</summary>
/// <param name="Name">Shown in reports.</param>
/// <param name="Kind"><c>command</c>, <c>tests</c> or <c>judge</c> (stored as that word).</param>
/// <param name="Command">argv of the command (command and tests checks).</param>
/// <param name="Timeout">Time allowed per run; the process tree is killed after it.</param>
/// <param name="Retries">Extra runs allowed for a flaky check.</param>
/// <param name="Quorum">Runs that must pass (default 1).</param>
/// <param name="ReportPath">tests: the report file (glob), TRX or JUnit XML.</param>
/// <param name="ReportFormat">tests: <c>trx</c>, <c>junit</c> or <c>auto</c>.</param>
/// <param name="Rubric">judge: what the judge scores.</param>
/// <param name="Threshold">judge: the score (0 to 1) needed to pass.</param>
/// <param name="Model">judge: the model; default the loop's openai agent's.</param>
/// <param name="Endpoint">judge: the endpoint; default the loop's openai agent's.</param>
/// <param name="ApiKeySetting">judge: the environment variable with the key; default the agent's.</param>
/// <param name="Environment">Names of host environment variables passed to the check's command.</param>
public sealed record CheckPlan(
    string Name,
    CheckKind Kind,
    IReadOnlyList<string>? Command,
    TimeSpan Timeout,
    int Retries = 0,
    int Quorum = 1,
    string? ReportPath = null,
    string? ReportFormat = null,
    string? Rubric = null,
    double? Threshold = null,
    string? Model = null,
    string? Endpoint = null,
    string? ApiKeySetting = null,
    IReadOnlyList<string>? Environment = null)
{
    /// <summary>Whether the sandboxed check may use the network (<c>network: true</c>). Default false: a loopback of
    /// its own only.</summary>
    public bool Network { get; init; }

    /// <summary><c>network</c> as a list: the only hosts the check may reach, through the egress proxy.</summary>
    public IReadOnlyList<string> NetworkHosts { get; init; } = [];
}

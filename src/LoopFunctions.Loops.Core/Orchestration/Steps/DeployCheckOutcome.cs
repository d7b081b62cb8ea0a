namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>One post-deploy check's result, with its evidence.</summary>
/// <param name="Name">The check.</param>
/// <param name="Passed">Whether it passed (on any of its attempts).</param>
/// <param name="Summary">One line: <c>GET https://... -> 503 in 120 ms (expected 200)</c>.</param>
/// <param name="Evidence">The start of the body, or the tail of the command's output.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="StatusCode">http: the last status code; null when no answer came.</param>
/// <param name="LatencyMs">http: the last answer's latency in milliseconds.</param>
public sealed record DeployCheckOutcome(string Name, bool Passed, string Summary, string Evidence, int Attempts, int? StatusCode = null, long? LatencyMs = null);

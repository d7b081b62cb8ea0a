namespace LoopFunctions.Loops.Workspace;

/// <summary>Which run owns a run folder (<c>state/run.json</c>), written once when the folder is made.</summary>
/// <param name="InstanceId">The run's instance id.</param>
/// <param name="Loop">The loop's name: another loop may not reuse the folder (nor so the id).</param>
/// <param name="Branch">The loop branch.</param>
/// <param name="BaseCommit">The base commit, recorded once so a retried prepare reports the same one even if the
/// remote moved.</param>
public sealed record RunRecord(string InstanceId, string? Loop, string Branch, string BaseCommit);

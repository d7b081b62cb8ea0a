namespace LoopFunctions.Loops.Verification;

/// <summary>One check's result over its runs (retries and quorum applied).</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Ran">False when the check could not run at all (missing program); a check that did not run fails.</param>
/// <param name="Passed">Whether the quorum of runs passed.</param>
/// <param name="Summary">One line for reports.</param>
/// <param name="OutputTail">The end of the last run's output, fed back to the agent.</param>
/// <param name="Tests">Test counts when the check reads a report.</param>
/// <param name="Runs">How many times it ran.</param>
public sealed record CheckResult(string Name, bool Ran, bool Passed, string Summary, string OutputTail, TestCounts? Tests, int Runs);

namespace LoopFunctions.Cli.Terminal;

/// <summary>One picture of a run for the live view: what <see cref="RunViewRenderer"/> draws, read from
/// <see cref="RunView"/> at each refresh.</summary>
/// <param name="Loop">The loop's name.</param>
/// <param name="Phase">The step running now (agent, guard, verify, commit, ...), lower case; "starting" before the
/// first status.</param>
/// <param name="Iteration">The iteration running, 0 before the first.</param>
/// <param name="MaxIterations">The loop's max_iterations, when known.</param>
/// <param name="Elapsed">Time since the watch began.</param>
/// <param name="Tokens">Tokens spent so far.</param>
/// <param name="Cost">The cost so far, as the plain lines write it.</param>
/// <param name="Left">What the budget has left, as the plain lines write it; null before the first status.</param>
/// <param name="Verification">The last verification's summary.</param>
/// <param name="AgentError">Why the last agent step failed, shortened.</param>
/// <param name="Transcript">The newest lines of the agent's transcript, oldest first.</param>
/// <param name="Notes">Lines the user must act on (how to approve).</param>
/// <param name="Running">False once the run ended (or the watch stopped): no spinner.</param>
internal sealed record RunFrame(
    string Loop,
    string Phase,
    int Iteration,
    int? MaxIterations,
    TimeSpan Elapsed,
    long Tokens,
    string Cost,
    string? Left,
    string? Verification,
    string? AgentError,
    IReadOnlyList<string> Transcript,
    IReadOnlyList<string> Notes,
    bool Running);

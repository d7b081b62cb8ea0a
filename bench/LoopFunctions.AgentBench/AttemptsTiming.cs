namespace LoopFunctions.AgentBench;

/// <summary>One benchmarked loop run of the attempts mode: what it bought (verified, how fast) and what it cost, as
/// the loop recorded it.</summary>
/// <param name="Attempts">The arm: <c>agent.attempts</c> of the loop file.</param>
/// <param name="P">The chance that one agent step (one CLI session's user turn) writes the right fix.</param>
/// <param name="Seed">The seed of the draws; run k of both arms uses the same one.</param>
/// <param name="Verified">The run ended Verified.</param>
/// <param name="Iterations">Iterations the run recorded.</param>
/// <param name="WallMs">Wall time of <c>loopfn run</c>, from its start to its end (the time to Verified when verified).</param>
/// <param name="LoopMs">From the first iteration's start to the last one's end, as the run recorded them.</param>
/// <param name="Tokens">Input plus output tokens of the run (<c>LoopResult.Spent</c>).</param>
/// <param name="CostUsd">The run's cost (<c>LoopResult.Spent</c>), priced by the loop.</param>
/// <param name="AttemptsRun">Agent steps the run recorded, over all its iterations.</param>
/// <param name="RightDraws">How many of the agent steps the stub model drew the right fix for.</param>
/// <param name="ModelTurns">Agent steps (user turns) the stub model server saw.</param>
/// <param name="Verdicts">Per iteration, each attempt's verdict (V verified, N not verified, U no candidate, G guard
/// refused), the committed one marked with <c>*</c>.</param>
/// <param name="Load1">The 1-minute load average when the run started (the machine is shared).</param>
/// <param name="Odd">What did not add up (a wrong fix committed beside a verified one, a verdict against the draw).</param>
internal sealed record AttemptsTiming(
    int Attempts,
    double P,
    int Seed,
    int Run,
    bool Verified,
    string Outcome,
    int Iterations,
    double WallMs,
    double LoopMs,
    long Tokens,
    long CachedTokens,
    decimal CostUsd,
    int AttemptsRun,
    int RightDraws,
    int ModelTurns,
    IReadOnlyList<string> Verdicts,
    double Load1,
    IReadOnlyList<string> Odd);

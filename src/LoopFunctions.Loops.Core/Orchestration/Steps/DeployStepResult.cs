namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>What a deployment or rollback command did.</summary>
/// <param name="Succeeded">It exited 0 in time.</param>
/// <param name="Summary">One line.</param>
/// <param name="Output">The tail of its output: the evidence.</param>
public sealed record DeployStepResult(bool Succeeded, string Summary, string Output);

using LoopFunctions.Loops.Plans;

namespace LoopFunctions.Loops.Orchestration.Steps;

/// <summary>What the publish step uploads and what its provenance record says. Holds no secret: the connection
/// string and the signing key are read from <c>LoopRunnerOptions</c> inside the activity.</summary>
/// <param name="Workspace">The loop's workspace; the folder is read from its tree, which is at <paramref name="Commit"/>.</param>
/// <param name="Commit">The final commit of the run.</param>
/// <param name="Publish">The folder, container, visibility, link expiry and the rendered prefix.</param>
/// <param name="Loop">The loop's name.</param>
/// <param name="InstanceId">The run's instance id.</param>
/// <param name="Verification">The last iteration's verification.</param>
/// <param name="Spent">Tokens and cost of the run.</param>
/// <param name="PublishedAt">The orchestration's clock at the step, so a retried step writes the same record.</param>
public sealed record PublishInput(
    WorkspaceInfo Workspace,
    string Commit,
    PublishPlan Publish,
    string Loop,
    string InstanceId,
    VerificationOutcome? Verification,
    TokenSpend Spent,
    DateTime PublishedAt) : IWorkspaceStep;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>The registered names of the loop's activities and events. Renaming one breaks in-flight runs.</summary>
public static class LoopActivityNames
{
    public const string Orchestrator = "LoopOrchestrator";
    public const string LoadPlan = "LoadPlan";
    public const string PrepareWorkspace = "PrepareWorkspace";
    public const string RunAgent = "RunAgent";
    public const string Guard = "Guard";
    public const string Verify = "Verify";
    public const string Commit = "Commit";
    public const string Push = "Push";
    public const string PullRequest = "PullRequest";
    public const string Publish = "Publish";
    public const string LoadPullRequest = "LoadPullRequest";
    public const string Review = "Review";
    public const string PushToPullRequest = "PushToPullRequest";
    public const string RebaseOntoHead = "RebaseOntoHead";
    /// <summary>The follow-up branch step; the activity's name predates the term and is recorded in histories.</summary>
    public const string HandOff = "HandOff";
    public const string CiFailures = "CiFailures";
    public const string ReportToPullRequest = "ReportToPullRequest";
    public const string Deploy = "Deploy";
    public const string CheckDeployment = "CheckDeployment";
    public const string RollbackDeployment = "RollbackDeployment";

    /// <summary>The external event a person raises to approve or reject (<c>ApprovalDecision</c>).</summary>
    public const string ApprovalEvent = "approval";

    /// <summary>The external event a CI result raises on a loop waiting for CI (<c>CiResult</c>).</summary>
    public const string CiEvent = "ci";
}

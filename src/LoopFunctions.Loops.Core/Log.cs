using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops;

/// <summary>Every log line of the loop itself: the milestones of a run, as the orchestrator reaches them. Event ids are
/// stable (5000-5499, docs/logging.md) so alerts can key on them.</summary>
/// <remarks>The orchestrator writes these through a replay-safe logger
/// (<c>TaskOrchestrationContext.CreateReplaySafeLogger</c>): a replay of the orchestration passes the same milestones
/// again and must not log them twice.</remarks>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Loop {Loop} run {InstanceId} started ({TriggeredBy})")]
    public static partial void RunStarted(this ILogger logger, string loop, string instanceId, string triggeredBy);

    [LoggerMessage(5001, LogLevel.Information, "Loop {Loop} run {InstanceId} iteration {Iteration}: agent done on {Model}, {Tokens} tokens, {CostUsd} USD{AgentError}")]
    public static partial void AgentDone(this ILogger logger, string loop, string instanceId, int iteration, string model, long tokens, decimal costUsd, string agentError);

    [LoggerMessage(5002, LogLevel.Information, "Loop {Loop} run {InstanceId} iteration {Iteration} verified (signal {Signal}): {Summary}")]
    public static partial void IterationVerified(this ILogger logger, string loop, string instanceId, int iteration, double signal, string summary);

    [LoggerMessage(5003, LogLevel.Information, "Loop {Loop} run {InstanceId} iteration {Iteration} not verified (signal {Signal}): {Summary}")]
    public static partial void IterationNotVerified(this ILogger logger, string loop, string instanceId, int iteration, double signal, string summary);

    [LoggerMessage(5004, LogLevel.Warning, "Loop {Loop} run {InstanceId} iteration {Iteration} rejected by the guard: {Violations}")]
    public static partial void IterationRejected(this ILogger logger, string loop, string instanceId, int iteration, string violations);

    [LoggerMessage(5005, LogLevel.Warning, "Loop {Loop} run {InstanceId} stopped by its budget ({Limit}): {Reason}")]
    public static partial void BudgetStop(this ILogger logger, string loop, string instanceId, string limit, string reason);

    [LoggerMessage(5006, LogLevel.Information, "Loop {Loop} run {InstanceId} moved up its model ladder after iteration {Iteration}: {From} -> {To} ({Reason})")]
    public static partial void Escalated(this ILogger logger, string loop, string instanceId, int iteration, string from, string to, string reason);

    [LoggerMessage(5007, LogLevel.Information, "Loop {Loop} run {InstanceId} waits for an approval (timeout {Timeout})")]
    public static partial void ApprovalRequested(this ILogger logger, string loop, string instanceId, TimeSpan timeout);

    [LoggerMessage(5008, LogLevel.Information, "Loop {Loop} run {InstanceId} approval received: approved {Approved} by {By}")]
    public static partial void ApprovalReceived(this ILogger logger, string loop, string instanceId, bool approved, string by);

    [LoggerMessage(5009, LogLevel.Information, "Loop {Loop} run {InstanceId} pushed {Commit} to {Target}")]
    public static partial void Pushed(this ILogger logger, string loop, string instanceId, string commit, string target);

    [LoggerMessage(5010, LogLevel.Information, "Loop {Loop} run {InstanceId} opened or updated pull request {Url}")]
    public static partial void PullRequestOpened(this ILogger logger, string loop, string instanceId, string url);

    [LoggerMessage(5011, LogLevel.Information, "Loop {Loop} run {InstanceId} published {Uploaded} file(s) to {Container}/{Prefix}")]
    public static partial void Published(this ILogger logger, string loop, string instanceId, int uploaded, string container, string prefix);

    [LoggerMessage(5012, LogLevel.Information, "Loop {Loop} run {InstanceId} deployed {Commit}: succeeded {Succeeded}")]
    public static partial void Deployed(this ILogger logger, string loop, string instanceId, string commit, bool succeeded);

    [LoggerMessage(5013, LogLevel.Warning, "Loop {Loop} run {InstanceId} handed its verified work off to {Branch}: {Reason}")]
    public static partial void HandedOff(this ILogger logger, string loop, string instanceId, string branch, string reason);

    [LoggerMessage(5014, LogLevel.Information, "Loop {Loop} run {InstanceId} ended {Outcome} after {Iterations} iteration(s), {Tokens} tokens, {CostUsd} USD: {Reason}")]
    public static partial void RunEnded(this ILogger logger, string loop, string instanceId, string outcome, int iterations, long tokens, decimal costUsd, string reason);

    [LoggerMessage(5015, LogLevel.Error, "Loop {Loop} run {InstanceId} failed in step {Step}: {Error}")]
    public static partial void RunFailed(this ILogger logger, string loop, string instanceId, string step, string error);
}

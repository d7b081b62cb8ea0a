using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.Storage;

/// <summary>Status sets as SQL literals and tests, so every query agrees on what "terminal" means.</summary>
internal static class Statuses
{
    /// <summary>Completed, Failed, Canceled, Terminated (ContinuedAsNew is never stored: the next generation is).</summary>
    public const string TerminalSql = "(1, 3, 4, 5)";

    public static bool IsTerminal(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Canceled or OrchestrationStatus.Terminated;
}

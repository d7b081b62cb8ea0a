using Microsoft.Extensions.Logging;

namespace LoopFunctions.Loops.Budget;

/// <summary>This assembly's log messages (event ids 5500-5999, docs/logging.md); in the Budget namespace because Loops.Core's
/// internal <c>LoopFunctions.Loops.Log</c> is visible here.</summary>
internal static partial class Log
{
    [LoggerMessage(5500, LogLevel.Information, "Budget pool {Pool}: released {Count} reservation(s) of ended or purged runs: {Ids}")]
    public static partial void PoolReservationsReleased(ILogger logger, string pool, int count, string ids);

    [LoggerMessage(5501, LogLevel.Warning, "Budget pool sweep failed; trying again at the next tick")]
    public static partial void PoolSweepFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Logging;

namespace LoopFunctions.Functions;

/// <summary>Every log line of the Functions app itself. Event ids are stable (6000-6999, docs/logging.md) so alerts can key on them.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Debug, "Timer of loop {Loop} fired at {FiredAt:o}, not an occurrence in the loop's time zone; nothing started")]
    public static partial void NotAnOccurrence(this ILogger logger, string loop, DateTimeOffset firedAt);
}

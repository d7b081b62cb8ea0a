using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host;

/// <summary>Every log line of the host. Event ids are stable (3000-3999, docs/logging.md) so alerts can key on them.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "LoopFunctions host listening on {Urls}; store {Store}; {LoopCount} loop(s) from {Folder}")]
    public static partial void HostStarted(this ILogger logger, string urls, string store, int loopCount, string folder);

    [LoggerMessage(3001, LogLevel.Warning, "Loop file rejected: {Error}")]
    public static partial void LoopRejected(this ILogger logger, string error);

    [LoggerMessage(3003, LogLevel.Warning, "Refused {Method} {Path} from {Remote}: {Reason}")]
    public static partial void Unauthorized(this ILogger logger, string method, string path, string? remote, string reason);

    [LoggerMessage(3008, LogLevel.Error, "Schedule of loop {Loop} failed to fire for {Occurrence:o}")]
    public static partial void ScheduleFailed(this ILogger logger, Exception exception, string loop, DateTimeOffset occurrence);

    [LoggerMessage(3011, LogLevel.Information, "Durable Functions client-library endpoint (rpcBaseUrl; no keys, loopback callers only) on {Url}")]
    public static partial void RpcListening(this ILogger logger, string url);

    [LoggerMessage(3010, LogLevel.Error, "Unhandled error on {Method} {Path}")]
    public static partial void RequestFailed(this ILogger logger, Exception exception, string method, string path);
}

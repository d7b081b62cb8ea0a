using System.Globalization;
using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.CrashHost;

/// <summary>Dispatcher middleware that appends "begin|end instance worker ticks" around every orchestration episode, so
/// a test can check that two workers never ran one instance at the same time.</summary>
public static class EpisodeLog
{
    public static void Attach(TaskHubWorker worker, string path, string? tag = null)
    {
        var who = tag ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        ArgumentNullException.ThrowIfNull(worker);
        worker.AddOrchestrationDispatcherMiddleware(async (context, next) =>
        {
            var instance = context.GetProperty<OrchestrationInstance>().InstanceId;
            Append(path, "begin", instance, who);
            try
            {
                await next().ConfigureAwait(false);
            }
            finally
            {
                Append(path, "end", instance, who);
            }
        });
    }

    private static void Append(string path, string what, string instance, string who)
    {
        AppendLog.Append(path, string.Create(CultureInfo.InvariantCulture, $"{what} {instance} {who} {DateTime.UtcNow.Ticks}"));
    }
}

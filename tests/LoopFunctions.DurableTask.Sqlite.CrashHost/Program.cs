using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Query;
using LoopFunctions.DurableTask.Sqlite;
using LoopFunctions.DurableTask.Sqlite.CrashHost;

// work <db> <hub> <side-effect-log> <episode-log|-> <stop-file|->: a worker until every instance of the hub has ended
//   (or, with a stop file, until that file exists); prints STARTED, exits 0.
// hold <db> <hub>: locks one orchestration work item, prints LOCKED and waits to be killed (dead-owner test).
// DTFX_SQLITE_SLOW=1 (crash test): each activity takes 5 ms and at most 4 run at once, so kills land all along the work.
if (args.Length >= 3 && args[0] == "hold")
{
    using var holder = new SqliteOrchestrationService(new SqliteOrchestrationServiceSettings { Path = args[1], TaskHubName = args[2] });
    await holder.CreateIfNotExistsAsync();
    await holder.StartAsync();
    var item = await holder.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
    var activity = await holder.LockNextTaskActivityWorkItem(TimeSpan.FromMilliseconds(200), CancellationToken.None);
    Console.WriteLine(item is null ? "NOTHING" : $"LOCKED {item.InstanceId} {(activity is null ? "-" : activity.Id)}");
    await Task.Delay(Timeout.Infinite);
    return 0;
}

if (args.Length < 6 || args[0] != "work")
{
    Console.Error.WriteLine("usage: work <db> <hub> <side-effect-log> <episode-log|-> <stop-file|->  |  hold <db> <hub>");
    return 2;
}

CrashWorkflow.SideEffectLog = args[3];
var slow = Environment.GetEnvironmentVariable("DTFX_SQLITE_SLOW") == "1";
CrashWorkflow.ActivityDelay = slow ? TimeSpan.FromMilliseconds(5) : TimeSpan.Zero;
var settings = new SqliteOrchestrationServiceSettings
{
    Path = args[1],
    TaskHubName = args[2],
    OrchestrationLockTimeout = TimeSpan.FromSeconds(30),
    ActivityLockTimeout = TimeSpan.FromSeconds(30),
    MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),

    // Every activity in flight when a worker is killed counts a delivery, so with 12 kills one activity can be in
    // flight at more than the default 5 of them (seen under load) and be failed as poison: the crash test is about
    // outcomes under crashes, not about that limit, which the poison tests cover. Above the number of kills.
    MaxDeliveryCount = 20,
};
if (slow)
{
    settings.MaxConcurrentTaskActivityWorkItems = 4;
}
using var service = new SqliteOrchestrationService(settings);
await service.CreateIfNotExistsAsync();
var worker = new TaskHubWorker(service) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
worker.AddTaskOrchestrations([.. CrashWorkflow.Orchestrations, .. Workloads.Orchestrations]);
worker.AddTaskActivities([.. CrashWorkflow.Activities, .. Workloads.Activities]);
if (args[4] != "-")
{
    EpisodeLog.Attach(worker, args[4]);
}

await worker.StartAsync();
Console.WriteLine("STARTED");
var stopFile = args[5] == "-" ? null : args[5];
while (true)
{
    await Task.Delay(100);
    if (stopFile is not null ? File.Exists(stopFile) : await AllEndedAsync(service))
    {
        break;
    }
}

await worker.StopAsync(isForced: true);
Console.WriteLine("DONE " + DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
return 0;

static async Task<bool> AllEndedAsync(SqliteOrchestrationService service)
{
    var live = await service.GetOrchestrationWithQueryAsync(
        new OrchestrationQuery { RuntimeStatus = [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended], PageSize = 1, FetchInputsAndOutputs = false },
        CancellationToken.None);
    return live.OrchestrationState.Count == 0;
}

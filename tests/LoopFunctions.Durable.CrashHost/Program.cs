using LoopFunctions.Durable;
using LoopFunctions.Durable.CrashHost;
using LoopFunctions.Durable.Sqlite;
using LoopFunctions.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// Usage: CrashHost <db> <side-effect-log>
// Runs a worker until every instance in the store is terminal, then prints DONE. The crash tests SIGKILL it at
// random moments and start it again.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: LoopFunctions.Durable.CrashHost <db> <side-effect-log>");
    return 2;
}

var options = CrashOptions.Create();
await using var store = new SqliteDurableStore(new SqliteStoreOptions { Path = args[0] });
var registry = new DurableTaskRegistry();
CrashWorkflow.Register(registry, args[1]);
await using var worker = new DurableTaskWorker(store, registry, new ServiceCollection().BuildServiceProvider(), Options.Create(options));
await worker.StartAsync(CancellationToken.None);
Console.WriteLine("STARTED");

var client = new LoopFunctions.Durable.Client.DurableTaskClient(store, Options.Create(options));
while (true)
{
    var live = await client.QueryInstancesAsync(new LoopFunctions.Durable.Storage.OrchestrationQuery
    {
        Statuses = OrchestrationRuntimeStatusExtensions.LiveStatuses,
        PageSize = 1,
    });
    if (live.Instances.Count == 0)
    {
        break;
    }

    await Task.Delay(50);
}

await worker.StopAsync(CancellationToken.None);
Console.WriteLine("DONE");
return 0;

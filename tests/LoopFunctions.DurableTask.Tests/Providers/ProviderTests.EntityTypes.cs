using LoopFunctions.DurableTask.Tests.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace LoopFunctions.DurableTask.Tests.Providers;

public abstract partial class ProviderTests
{
    /// <summary>Makes a host's entity clean-up remove an emptied entity at once: Azure Storage keeps one for its message
    /// reorder window (30 minutes by default) so that late duplicates are still recognised.</summary>
    protected virtual void CleanEntitiesAtOnce(IServiceCollection services)
    {
    }

    /// <summary>How early DTFx's entity dispatcher still runs a scheduled request.</summary>
    private static readonly TimeSpan DispatcherEarlyTolerance = TimeSpan.FromMilliseconds(100);

    private static EntityInstanceId CounterId(string key) => new("counter", key);

    private static EntityInstanceId RecorderId(string key) => new("recorder", key);

    private static void Entities(DurableTaskRegistry r) => r.AddEntity<Counter>().AddEntity<Recorder>();

    /// <summary>Polls the entity until <paramref name="condition"/> holds for its state, or fails at the deadline.</summary>
    private static async Task<EntityMetadata<T>> WaitForEntityAsync<T>(TestHost host, EntityInstanceId id, Func<T, bool> condition)
    {
        using var cts = new CancellationTokenSource(TestHost.Deadline);
        while (true)
        {
            if (await host.Client.Entities.GetEntityAsync<T>(id, includeState: true, cts.Token) is { IncludesState: true } found && condition(found.State))
            {
                return found;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    private static async Task<List<string>> EntityIdsAsync(DurableTaskClient client, EntityQuery query)
    {
        var ids = new List<string>();
        await foreach (var entity in client.Entities.GetAllEntitiesAsync(query))
        {
            ids.Add(entity.Id.ToString());
        }

        return ids;
    }

    /// <summary>The test entity: an integer with add, get and reset (and the SDK's implicit delete).</summary>
    internal sealed class Counter : TaskEntity<int>
    {
        public int Add(int amount) => State += amount;

        public int Get() => State;

        public void Reset() => State = 0;
    }

    /// <summary>Records what reaches it: the values of <c>record</c> in arrival order, and when <c>stamp</c> ran.</summary>
    internal sealed class Recorder : TaskEntity<RecorderState>
    {
        public void Record(int value) => State.Seen.Add(value);

        public void Stamp() => State.StampedAt ??= DateTimeOffset.UtcNow;

        protected override RecorderState InitializeState(TaskEntityOperation entityOperation) => new();
    }

    internal sealed class RecorderState
    {
        public List<int> Seen { get; set; } = [];

        public DateTimeOffset? StampedAt { get; set; }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;
using Newtonsoft.Json;

namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>
/// A hand-written DTFx entity: a number kept as a string. <c>add n</c>, <c>next i</c> (moves to i only from i - 1,
/// else sticks at a sentinel: the order check), <c>get</c>, <c>delete</c> (no state), <c>start id</c> (starts an
/// <see cref="EntityCaller"/> instance that calls this entity's <c>get</c>) and <c>explode</c> (the whole batch throws,
/// as a broken worker would). It records, per entity, batches run, when each operation ran, and any
/// batch that started while another batch of the same entity was running.
/// </summary>
internal sealed class Counter : TaskEntity
{
    public const long OutOfOrder = -1_000_000;

    private static readonly ConcurrentDictionary<string, int> Active = new(StringComparer.Ordinal);

    public static ConcurrentDictionary<string, int> Batches { get; } = new(StringComparer.Ordinal);

    public static ConcurrentDictionary<string, DateTime> LastRunAt { get; } = new(StringComparer.Ordinal);

    public static ConcurrentQueue<string> Overlaps { get; } = new();

    public override async Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest request)
    {
        var id = request.InstanceId!;
        if (Active.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
        {
            Overlaps.Enqueue(id);
        }

        try
        {
            Batches.AddOrUpdate(id, 1, (_, n) => n + 1);
            await Task.Yield(); // widen the window in which a second, concurrent batch would be seen
            long? state = request.EntityState is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : null;
            var results = new List<OperationResult>();
            var actions = new List<OperationAction>();
            foreach (var operation in request.Operations ?? [])
            {
                state = operation.Operation switch
                {
                    "add" => (state ?? 0) + Number(operation.Input),
                    "next" => (state ?? 0) == Number(operation.Input) - 1 ? Number(operation.Input) : OutOfOrder,
                    "delete" => null,
                    "explode" => throw new InvalidOperationException("the counter cannot run this batch"),
                    _ => state,
                };
                if (operation.Operation == "start")
                {
                    actions.Add(new StartNewOrchestrationOperationAction
                    {
                        InstanceId = operation.Input!.Trim('"'),
                        Name = nameof(EntityCaller),
                        Version = "",
                        Input = JsonConvert.SerializeObject(new[] { id, "0", "get" }),
                    });
                }

                LastRunAt[id] = DateTime.UtcNow;
                results.Add(new OperationResult { Result = state?.ToString(CultureInfo.InvariantCulture) });
            }

            return new EntityBatchResult { Results = results, Actions = actions, EntityState = state?.ToString(CultureInfo.InvariantCulture) };
        }
        finally
        {
            Active.AddOrUpdate(id, 0, (_, n) => n - 1);
        }
    }

    private static long Number(string? input) => long.Parse(input!.Trim('"'), CultureInfo.InvariantCulture);
}

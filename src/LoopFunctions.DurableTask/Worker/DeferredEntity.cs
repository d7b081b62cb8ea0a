using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskEntity = DurableTask.Core.Entities.TaskEntity;

namespace LoopFunctions.DurableTask.Worker;

/// <summary>
/// One batch of operations on one entity: creates the registered <see cref="ITaskEntity"/> in its own DI scope, runs
/// the batch through the SDK's shim (which commits or rolls back the state per operation), and disposes the scope.
/// </summary>
/// <remarks>An entity that is not registered here, or whose constructor throws, answers the whole batch with a
/// failure and keeps its state as it was: the callers get an error, and a later build that registers it again finds
/// the state intact.</remarks>
internal sealed class DeferredEntity(string name, TaskCatalog catalog, IServiceProvider services, DurableTaskShimFactory shims, ILogger logger) : TaskEntity
{
    public const string NotFoundErrorType = "EntityTaskNotFound";

    public override async Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var id = EntityId.FromString(operations.InstanceId ?? throw new ArgumentException("The batch names no entity.", nameof(operations)));
        if (!catalog.TryGetEntity(name, out var factory))
        {
            logger.EntityNotFound(operations.InstanceId, name);
            return Failed(operations, new FailureDetails(
                NotFoundErrorType, $"No entity named '{name}' is registered with this worker.", null, null, isNonRetriable: true));
        }

        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            ITaskEntity entity;
            try
            {
                entity = factory(scope.ServiceProvider);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A constructor that throws will throw for every batch; answer with the reason and keep the state.
                return Failed(operations, new FailureDetails(ex));
            }

            return await shims.CreateEntity(new TaskName(id.Name), entity, id).ExecuteOperationBatchAsync(operations).ConfigureAwait(false);
        }
    }

    private static EntityBatchResult Failed(EntityBatchRequest operations, FailureDetails failure) => new()
    {
        Results = [],
        Actions = [],
        EntityState = operations.EntityState,
        FailureDetails = failure,
    };
}

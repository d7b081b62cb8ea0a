using LoopFunctions.Loops.Activities;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Loops.Budget;

/// <summary>
/// A budget pool as a durable entity (<c>@budgetpool@&lt;pool&gt;</c>, the key being the pool's lower-case name), so
/// every loop on every worker of a task hub shares one account: the entity runs one operation at a time, and its state
/// is stored with each batch. Operations (the names the orchestrator and the tools call): <c>reserve</c>
/// (<see cref="PoolReserveRequest"/> -> <see cref="PoolReserveResult"/>), <c>settle</c> (<see cref="PoolSettleRequest"/>),
/// <c>release</c> (<see cref="PoolReleaseRequest"/> -> the count freed), <c>reset</c> and <c>get</c> (the state).
/// </summary>
/// <remarks>The rules are <see cref="PoolLedger"/>'s; this class only gives it the state, the pool's settings as they
/// are now (read per operation from <see cref="IOptionsMonitor{TOptions}"/>, so a changed cap applies without a
/// restart) and the time.</remarks>
public sealed class BudgetPool(IOptionsMonitor<LoopRunnerOptions> options, TimeProvider time) : TaskEntity<BudgetPoolState>
{
    /// <summary>The entity's registered name (<see cref="PoolEntity.Name"/>).</summary>
    public const string EntityName = PoolEntity.Name;

    /// <summary><c>reserve</c>: holds the longest prefix of the steps' worst cases the pool can cover.</summary>
    public PoolReserveResult Reserve(PoolReserveRequest request) => Ledger().Reserve(request);

    /// <summary><c>settle</c>: charges a step's actual spend and frees its hold.</summary>
    public void Settle(PoolSettleRequest request) => Ledger().Settle(request);

    /// <summary><c>release</c>: frees holds by id or by run, without a charge.</summary>
    public int Release(PoolReleaseRequest request) => Ledger().Release(request);

    /// <summary><c>reset</c>: starts the current period again (administrators only).</summary>
    public void Reset() => Ledger().Reset();

    /// <summary><c>get</c>: the state as of now.</summary>
    public BudgetPoolState Get() => Ledger().Get();

    /// <inheritdoc />
    protected override BudgetPoolState InitializeState(TaskEntityOperation entityOperation) => new();

    private PoolLedger Ledger()
    {
        var pool = Context.Id.Key;
        return new PoolLedger(pool, State, options.CurrentValue.PoolLimits(pool), time.GetUtcNow());
    }
}

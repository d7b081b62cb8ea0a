using LoopFunctions.Loops.Definitions;
using Microsoft.DurableTask.Entities;

namespace LoopFunctions.Loops.Budget;

/// <summary>The budget pool entity's contract as callers see it: its name, its ids and its operations.</summary>
public static class PoolEntity
{
    /// <summary>The entity's registered name (its instance ids are <c>@budgetpool@&lt;pool&gt;</c>).</summary>
    public const string Name = "BudgetPool";

    /// <summary>Holds steps' worst cases: <see cref="PoolReserveRequest"/> -> <see cref="PoolReserveResult"/>.</summary>
    public const string Reserve = "reserve";

    /// <summary>Charges a step's spend and frees its hold: <see cref="PoolSettleRequest"/>.</summary>
    public const string Settle = "settle";

    /// <summary>Frees holds without a charge: <see cref="PoolReleaseRequest"/> -> the count freed.</summary>
    public const string Release = "release";

    /// <summary>Starts the current period again.</summary>
    public const string Reset = "reset";

    /// <summary>Reads the state (<see cref="BudgetPoolState"/>).</summary>
    public const string Get = "get";

    /// <summary>The entity of the pool <paramref name="pool"/>, however the settings or a loop file spell its name.</summary>
    public static EntityInstanceId Id(string pool) => new(Name, PoolNames.Key(pool));
}

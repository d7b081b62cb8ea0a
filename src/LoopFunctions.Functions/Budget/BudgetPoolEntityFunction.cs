using LoopFunctions.Loops.Budget;
using Microsoft.Azure.Functions.Worker;

namespace LoopFunctions.Functions.Budget;

/// <summary>The budget pool entity on Azure Functions: the same <see cref="BudgetPool"/> the other hosts register, under
/// the same name (<c>@budgetpool@&lt;pool&gt;</c>), activated from the app's services (its settings and clock).</summary>
/// <remarks>Durable Functions runs entities on its own backend, one batch per invocation; this wrapper adds no logic.</remarks>
public static class BudgetPoolEntityFunction
{
    [Function(BudgetPool.EntityName)]
    public static Task RunAsync([EntityTrigger] TaskEntityDispatcher dispatcher)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        return dispatcher.DispatchAsync<BudgetPool>();
    }
}

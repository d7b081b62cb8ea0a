using LoopFunctions.Loops.Activities;
using LoopFunctions.Loops.Budget;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Functions.Budget;

/// <summary>The budget pools' janitor on Azure Functions: once a minute, the sweep worker hosts run as the
/// <see cref="BudgetPoolJanitor"/> background service (a Functions app has no long-lived service, and its client comes
/// from the <c>[DurableClient]</c> binding per invocation).</summary>
public sealed class BudgetPoolSweepFunction(IOptionsMonitor<LoopRunnerOptions> options, TimeProvider time, ILogger<BudgetPoolJanitor> log)
{
    /// <summary>The function's name.</summary>
    public const string Name = "BudgetPoolSweep";

    /// <summary>Releases the holds of runs that are purged or ended; returns how many.</summary>
    [Function(Name)]
    public async Task<int> RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var janitor = new BudgetPoolJanitor(client, options, time, log);
        return await janitor.SweepAsync(cancellationToken).ConfigureAwait(false);
    }
}

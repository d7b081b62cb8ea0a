using System.CommandLine;
using System.Net;
using System.Text.Json;
using LoopFunctions.Cli.Remote;
using LoopFunctions.Cli.Terminal;
using LoopFunctions.Loops.Budget;

namespace LoopFunctions.Cli.Commands;

/// <summary><c>loopfn budgets [pool]</c>: each budget pool's cap, spend, holds, what is left, the period, the loops
/// that spent it and a burn sparkline; from the embedded store (caps from <c>LoopFunctions__Pools__...</c> in the
/// environment), or with <c>--host</c> from a running host's dashboard API (caps from the host's settings).
/// <c>--json</c> prints <c>{"now": ..., "pools": [...]}</c>.</summary>
internal sealed class BudgetsCommand : Command
{
    /// <summary>The JSON both this command and the host's <c>/api/dashboard/budgets</c> use.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Argument<string?> _pool = new("pool") { Description = "Only this pool", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<string?> _store = CliOptions.Store();
    private readonly Option<bool> _json = CliOptions.Json("Print {\"now\": ..., \"pools\": [...]} instead of the table");
    private readonly HostOptions _host = new();

    public BudgetsCommand(CliTerminal terminal)
        : base("budgets", "Budget pools: cap, spent, reserved, left, the period's burn and the loops that spent it")
    {
        Arguments.Add(_pool);
        Options.Add(_store);
        Options.Add(_json);
        _host.AddTo(this);
        SetAction(async (parse, ct) =>
        {
            var (output, error) = parse.Writers();
            var pool = parse.GetValue(_pool);
            var store = parse.GetValue(_store);
            if (parse.GetValue(_host.Host) is not null && store is not null)
            {
                throw new UsageException("--host and --store name two different places to read pools from; give one");
            }

            var now = DateTimeOffset.UtcNow;
            IReadOnlyList<PoolView>? pools = parse.GetValue(_host.Host) is null
                ? await LocalAsync(store, pool, now, error, ct)
                : await RemoteAsync(_host.Client(parse), pool, ct);
            if (pools is null)
            {
                return ExitCodes.Error;
            }

            if (pool is not null && pools.Count == 0)
            {
                error.WriteLine($"loopfn: no budget pool '{pool}': the settings do not declare it (LoopFunctions__Pools__{pool}__MaxCostUsd=...) and no loop has used it");
                return ExitCodes.Error;
            }

            if (parse.GetValue(_json))
            {
                output.WriteLine(JsonSerializer.Serialize(new { now, pools }, Json));
            }
            else if (pools.Count == 0)
            {
                output.WriteLine("no budget pools (declare one with LoopFunctions__Pools__<name>__MaxCostUsd=..., then use it with limits.pool)");
            }
            else if (terminal.Output is { } console)
            {
                console.Write(CliTables.Pools(pools, now));
            }
            else
            {
                output.Write(PoolText.Blocks(pools, now));
            }

            return ExitCodes.Success;
        });
    }

    private static async Task<IReadOnlyList<PoolView>?> LocalAsync(string? store, string? pool, DateTimeOffset now, TextWriter error, CancellationToken ct)
    {
        if (store is not null && !File.Exists(store))
        {
            error.WriteLine($"loopfn: no store at '{store}' (run a loop first, or pass --store)");
            return null;
        }

        var declared = LocalEngine.RunnerSettings().Pools;
        await using var engine = await LocalEngine.OpenAsync(store, startWorker: false);
        if (pool is null)
        {
            return await PoolReport.ReadAllAsync(engine.Client, declared, now, ct);
        }

        return await PoolReport.ReadAsync(engine.Client, declared, pool, now, ct) is { } one ? [one] : [];
    }

    private static async Task<IReadOnlyList<PoolView>> RemoteAsync(HostClient host, string? pool, CancellationToken ct)
    {
        using var _ = host;
        if (pool is null)
        {
            var (_, body, _) = await host.SendAsync(HttpMethod.Get, "api/dashboard/budgets", ct: ct);
            return body?["pools"]?.Deserialize<List<PoolView>>(Json) ?? [];
        }

        var (status, one, _) = await host.SendAsync(HttpMethod.Get, $"api/dashboard/budgets/{Uri.EscapeDataString(pool)}", ct: ct, allowed: HttpStatusCode.NotFound);
        return status == HttpStatusCode.NotFound || one?.Deserialize<PoolView>(Json) is not { } view ? [] : [view];
    }
}

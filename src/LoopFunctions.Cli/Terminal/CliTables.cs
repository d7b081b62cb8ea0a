using System.Globalization;
using LoopFunctions.Loops.Ledger;
using Spectre.Console;

namespace LoopFunctions.Cli.Terminal;

/// <summary>The tables <c>loopfn list</c> and <c>loopfn costs</c> draw on a terminal: the columns of their plain
/// lines. Cells are text, never markup (a reason or a loop name may hold brackets).</summary>
internal static class CliTables
{
    public static Table Runs(IEnumerable<RunListRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = New("instance", "status", "loop", "iteration", "phase", "tokens", "cost", "outcome");
        RightAligned(table, 3, 5, 6);
        foreach (var r in rows)
        {
            table.AddRow(Cells(r.Id, r.Status, r.Loop, r.Iteration, r.Phase, r.Tokens, r.Cost, r.Outcome));
        }

        return table;
    }

    /// <summary>Cost versus outcome per loop (<see cref="CostReport.Table"/>'s columns).</summary>
    public static Table Loops(IReadOnlyList<CostReport.Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = New("loop", "runs", "verified", "iters", "tokens", "cost", "per verified");
        RightAligned(table, 1, 2, 3, 4, 5, 6);
        foreach (var r in rows)
        {
            table.AddRow(Cells(
                r.Loop,
                Number(r.Runs),
                r.VerifiedRate.ToString("P0", CultureInfo.InvariantCulture),
                Number(r.Iterations),
                Number(r.Tokens),
                CostReport.Cost(r.CostUsd, r.Unpriced),
                CostReport.PerVerified(r.CostPerVerifiedRun, r.Unpriced)));
        }

        return table;
    }

    /// <summary>Per loop and model (<see cref="CostReport.ModelTable"/>'s columns).</summary>
    public static Table Models(IReadOnlyList<ModelCost> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // The discarded attempts' column only when a loop ran agent.attempts: other reports keep their columns.
        var discarded = rows.Any(r => r.DiscardedAttempts > 0);
        var table = discarded
            ? New("loop", "model", "runs", "iters", "tokens", "cost", "verified", "per verified", "discarded")
            : New("loop", "model", "runs", "iters", "tokens", "cost", "verified", "per verified");
        RightAligned(table, discarded ? [2, 3, 4, 5, 6, 7, 8] : [2, 3, 4, 5, 6, 7]);
        foreach (var r in rows)
        {
            string[] cells = [
                r.Loop,
                r.Model,
                Number(r.Runs),
                Number(r.Iterations),
                Number(r.Tokens),
                CostReport.Cost(r.CostUsd, r.Unpriced),
                Number(r.Verified),
                CostReport.PerVerified(r.CostPerVerifiedRun, r.Unpriced)];
            table.AddRow(Cells(discarded ? [.. cells, $"{Number(r.DiscardedAttempts)} ({CostReport.Cost(r.DiscardedCostUsd, r.Unpriced)})"] : cells));
        }

        return table;
    }

    /// <summary>Budget pools (<see cref="PoolText"/>'s columns), with the burn sparkline up to <paramref name="now"/>.</summary>
    public static Table Pools(IReadOnlyList<Loops.Budget.PoolView> pools, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var table = New("pool", "period", "cap", "spent", "reserved", "left", "burn", "top loops");
        RightAligned(table, 2, 3, 4, 5);
        foreach (var v in pools)
        {
            table.AddRow(Cells(v.Pool, PoolText.Period(v), PoolText.Cap(v), PoolText.Spent(v), PoolText.Reserved(v), PoolText.Left(v), PoolText.Sparkline(v, now), PoolText.TopLoops(v)));
        }

        return table;
    }

    private static Table New(params string[] columns)
    {
        var table = new Table().RoundedBorder();
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    private static void RightAligned(Table table, params int[] columns)
    {
        foreach (var column in columns)
        {
            table.Columns[column].RightAligned();
        }
    }

    private static Text[] Cells(params string[] values) => [.. values.Select(v => new Text(v))];

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

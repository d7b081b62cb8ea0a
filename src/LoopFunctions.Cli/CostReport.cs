using System.Globalization;
using System.Text;
using LoopFunctions.Loops.Ledger;
using LoopFunctions.Loops.Orchestration;

namespace LoopFunctions.Cli;

/// <summary>Cost versus outcome per loop, from the ended runs (Completed and Failed): what <c>loopfn costs</c> prints.</summary>
internal static class CostReport
{
    public sealed record Row(string Loop, int Runs, int Verified, int Iterations, long Tokens, decimal CostUsd)
    {
        /// <summary>Some of the loop's spend was on a model nothing priced: <see cref="CostUsd"/> is a lower bound.</summary>
        public bool Unpriced { get; init; }

        public double VerifiedRate => Runs == 0 ? 0 : (double)Verified / Runs;

        /// <summary>All spend of the loop divided by its verified runs: what one verified result really costs.</summary>
        public decimal? CostPerVerifiedRun => Verified == 0 ? null : CostUsd / Verified;
    }

    /// <summary>One ended run as the report counts it: a Completed run's result, or what a Failed run's last custom
    /// status says (a Failed orchestration has no result, but its spend was real).</summary>
    public sealed record Run(string Loop, LoopOutcome Outcome, int Iterations, TokenSpend Spent)
    {
        public static Run From(LoopResult result)
        {
            ArgumentNullException.ThrowIfNull(result);
            return new Run(result.Loop, result.Outcome, result.Iterations.Count, result.Spent);
        }

        public static Run Failed(LoopStatus status)
        {
            ArgumentNullException.ThrowIfNull(status);
            return new Run(status.Loop, LoopOutcome.Failed, status.Iteration, status.Spent);
        }
    }

    public static IReadOnlyList<Row> Summarise(IEnumerable<Run> runs) => runs
        .GroupBy(r => r.Loop, StringComparer.OrdinalIgnoreCase)
        .Select(g => new Row(
            g.Key,
            g.Count(),
            g.Count(r => r.Outcome == LoopOutcome.Verified),
            g.Sum(r => r.Iterations),
            g.Sum(r => r.Spent.TotalTokens),
            g.Sum(r => r.Spent.CostUsd))
        {
            Unpriced = g.Any(r => r.Spent.Unpriced),
        })
        .OrderBy(r => r.Loop, StringComparer.OrdinalIgnoreCase)
        .ToList();

    /// <summary>The second table: per loop and model (<c>agent.models</c> ladders), cheapest first.</summary>
    public static string ModelTable(IReadOnlyList<ModelCost> rows)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{"loop",-24} {"model",-20} {"runs",5} {"iters",6} {"tokens",12} {"cost",10} {"verified",9} {"per verified",13}");
        foreach (var r in rows)
        {
            var perVerified = PerVerified(r.CostPerVerifiedRun, r.Unpriced);
            text.AppendLine(culture, $"{r.Loop,-24} {r.Model,-20} {r.Runs,5} {r.Iterations,6} {r.Tokens,12:N0} {Cost(r.CostUsd, r.Unpriced),10} {r.Verified,9} {perVerified,13}");
        }

        // Only loops with agent.attempts discard steps; the table of the others reads as it always did.
        foreach (var r in rows.Where(r => r.DiscardedAttempts > 0))
        {
            text.AppendLine(culture, $"{r.Loop} on {r.Model}: {r.DiscardedAttempts} discarded attempt(s), {Cost(r.DiscardedCostUsd, r.Unpriced)} of its cost");
        }

        return text.ToString();
    }

    public static string Table(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"{"loop",-24} {"runs",5} {"verified",9} {"iters",6} {"tokens",12} {"cost",10} {"per verified",13}");
        foreach (var r in rows)
        {
            var perVerified = PerVerified(r.CostPerVerifiedRun, r.Unpriced);
            text.AppendLine(culture, $"{r.Loop,-24} {r.Runs,5} {r.VerifiedRate,9:P0} {r.Iterations,6} {r.Tokens,12:N0} {Cost(r.CostUsd, r.Unpriced),10} {perVerified,13}");
        }

        return text.ToString();
    }

    /// <summary>A cost that is partly unpriced is not a total: "unpriced", or the priced part and "+ unpriced".</summary>
    internal static string Cost(decimal costUsd, bool unpriced) => TokenSpend.FormatCost(costUsd, unpriced);

    internal static string PerVerified(decimal? perVerified, bool unpriced) => perVerified is not { } c ? "-" : unpriced ? "unpriced" : TokenSpend.FormatCost(c, false);
}

using System.Globalization;
using System.Text;
using LoopFunctions.Loops.Budget;

namespace LoopFunctions.Cli;

/// <summary>How <c>loopfn budgets</c> writes pools: the amounts, the period and a burn sparkline, as plain text or
/// table cells.</summary>
internal static class PoolText
{
    /// <summary>The sparkline's width in characters.</summary>
    public const int SparkWidth = 24;

    private const string Bars = "▁▂▃▄▅▆▇█";

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The caps: <c>$10.00</c>, <c>50,000 tok</c>, both joined by <c>+</c>, or <c>none</c>.</summary>
    public static string Cap(PoolView v) => Amounts(v.MaxCostUsd, v.MaxTokens) is { Length: > 0 } cap ? cap : v.Declared ? "none" : "undeclared";

    public static string Spent(PoolView v) => Amounts(v.SpentUsd, v.MaxTokens is null && v.SpentTokens == 0 ? null : v.SpentTokens);

    public static string Reserved(PoolView v) => Amounts(v.ReservedUsd, v.MaxTokens is null && v.ReservedTokens == 0 ? null : v.ReservedTokens)
        + (v.Reservations > 0 ? $" ({v.Reservations})" : "");

    public static string Left(PoolView v) => Amounts(v.LeftUsd, v.LeftTokens) is { Length: > 0 } left ? left : "-";

    /// <summary>The period and when it started: <c>day 2026-12-07</c>, <c>month 2026-12</c>, <c>none</c>.</summary>
    public static string Period(PoolView v)
    {
        var period = v.Period?.ToString().ToLowerInvariant() ?? "?";
        return v.PeriodStart is { } start
            ? $"{period} {v.PeriodKey} (from {start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Culture)}Z)"
            : v.PeriodKey is { Length: > 0 } key && key != "all" ? $"{period} {key}" : period;
    }

    /// <summary>The top <paramref name="count"/> loops by spend: <c>fix $1.20 (3 steps)</c>, comma-separated, or <c>-</c>.</summary>
    public static string TopLoops(PoolView v, int count = 3) => v.Loops.Count == 0
        ? "-"
        : string.Join(", ", v.Loops.Take(count).Select(l => $"{l.Loop} {Usd(l.Usd)} ({l.Steps} step{(l.Steps == 1 ? "" : "s")})"))
          + (v.Loops.Count > count ? $", +{v.Loops.Count - count} more" : "");

    /// <summary>The period's spend from its start (or the first spend) to <paramref name="now"/> in
    /// <paramref name="width"/> equal slices, each drawn by its share of the largest slice; empty when nothing burned.</summary>
    public static string Sparkline(PoolView v, DateTimeOffset now, int width = SparkWidth)
    {
        if (v.Burn.Count == 0)
        {
            return "";
        }

        var byCost = v.Burn.Any(b => b.Usd > 0);
        var from = v.PeriodStart ?? v.Burn[0].Hour;
        var to = new[] { now, v.Burn[^1].Hour.AddHours(1) }.Max();
        var slice = (to - from).Ticks / (double)width;
        var sums = new double[width];
        foreach (var b in v.Burn)
        {
            var i = slice <= 0 ? width - 1 : Math.Clamp((int)((b.Hour - from).Ticks / slice), 0, width - 1);
            sums[i] += byCost ? (double)b.Usd : b.Tokens;
        }

        var max = sums.Max();
        var line = new StringBuilder(width);
        foreach (var sum in sums)
        {
            line.Append(sum <= 0 || max <= 0 ? ' ' : Bars[Math.Clamp((int)Math.Ceiling(sum / max * Bars.Length) - 1, 0, Bars.Length - 1)]);
        }

        return line.ToString();
    }

    /// <summary>The pools as plain text, one block each (for output that is not a terminal).</summary>
    public static string Blocks(IReadOnlyList<PoolView> pools, DateTimeOffset now)
    {
        var text = new StringBuilder();
        foreach (var v in pools)
        {
            text.AppendLine(Culture, $"{v.Pool}: {Period(v)}");
            text.AppendLine(Culture, $"  cap {Cap(v)}  spent {Spent(v)}  reserved {Reserved(v)}  left {Left(v)}");
            text.AppendLine(Culture, $"  burn |{Sparkline(v, now)}|");
            text.AppendLine(Culture, $"  loops {TopLoops(v)}");
        }

        return text.ToString();
    }

    private static string Amounts(decimal? usd, long? tokens) => (usd, tokens) switch
    {
        ({ } u, { } t) => $"{Usd(u)} + {Tokens(t)}",
        ({ } u, null) => Usd(u),
        (null, { } t) => Tokens(t),
        _ => "",
    };

    private static string Usd(decimal usd) => usd.ToString("$0.00##", Culture);

    private static string Tokens(long tokens) => tokens.ToString("N0", Culture) + " tok";
}

using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LoopFunctions.Cli.Terminal;

/// <summary>Draws a <see cref="RunFrame"/>: a status line (spinner, phase, iteration, elapsed, tokens, cost, budget
/// left), the last verification or agent error, the notes, and the newest transcript lines under a rule. Every
/// value is drawn as text, never read as markup: a transcript or a verification may hold brackets.</summary>
internal static class RunViewRenderer
{
    public static IRenderable Render(RunFrame frame, Spinner spinner, int tick)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(spinner);
        var rows = new List<IRenderable> { Status(frame, spinner, tick) };
        if (frame.AgentError is { } agentError)
        {
            rows.Add(Line("  agent error: " + agentError, new Style(Color.Red)));
        }

        if (frame.Verification is { } verification)
        {
            rows.Add(Line("  " + verification, new Style(decoration: Decoration.Dim)));
        }

        foreach (var note in frame.Notes)
        {
            rows.Add(Line(note, new Style(Color.Yellow)));
        }

        if (frame.Transcript.Count > 0)
        {
            rows.Add(new Rule { Style = new Style(decoration: Decoration.Dim), Justification = Justify.Left });
            rows.AddRange(frame.Transcript.Select(l => Line(l, new Style(decoration: Decoration.Dim))));
        }

        return new Rows(rows);
    }

    /// <summary>Minutes and seconds (hours when it gets there): a clock that ticks evenly, unlike the plain lines'
    /// durations.</summary>
    public static string Clock(TimeSpan elapsed) => elapsed.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours}:{elapsed.Minutes:00}:{elapsed.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{elapsed.Minutes}:{elapsed.Seconds:00}");

    private static Paragraph Status(RunFrame frame, Spinner spinner, int tick)
    {
        var status = new Paragraph();
        status.Append(frame.Running ? spinner.Frames[tick % spinner.Frames.Count] + " " : "• ", new Style(Color.Aqua));
        status.Append(frame.Phase, new Style(decoration: Decoration.Bold));
        var iteration = frame.Iteration == 0 ? null
            : frame.MaxIterations is { } max ? string.Create(CultureInfo.InvariantCulture, $"iteration {frame.Iteration} of {max}")
            : string.Create(CultureInfo.InvariantCulture, $"iteration {frame.Iteration}");
        var parts = new List<string> { frame.Loop };
        if (iteration is not null)
        {
            parts.Add(iteration);
        }

        parts.Add(Clock(frame.Elapsed));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{frame.Tokens:N0} tokens"));
        parts.Add(frame.Cost);
        if (frame.Left is { } left)
        {
            parts.Add("left: " + left);
        }

        status.Append(" · " + string.Join(" · ", parts));
        status.Overflow = Overflow.Ellipsis;
        return status;
    }

    private static Text Line(string text, Style style) => new(text, style) { Overflow = Overflow.Ellipsis };
}

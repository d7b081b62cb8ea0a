using Spectre.Console;

namespace LoopFunctions.Cli.Terminal;

/// <summary>
/// Where loopfn may draw (a live view, tables) instead of printing plain lines: decided once per process, from
/// whether each of stdout and stderr is a terminal. A stream that is redirected (a pipe, a file, a test, CI), a
/// <c>TERM=dumb</c> terminal, or one without ANSI support gets the plain lines; <c>NO_COLOR</c> keeps the drawing
/// but without colours. Commands with <c>--json</c> print plain lines whatever this says.
/// </summary>
internal sealed class CliTerminal
{
    public CliTerminal(IAnsiConsole? output, IAnsiConsole? error) => (Output, Error) = (output, error);

    /// <summary>Plain lines on both streams: what a command gets when nothing was detected (tests, other hosts).</summary>
    public static CliTerminal Plain { get; } = new(null, null);

    /// <summary>The console on stdout (tables), or null for plain lines.</summary>
    public IAnsiConsole? Output { get; }

    /// <summary>The console on stderr (the live view of a run, which shares stderr with its progress lines), or null
    /// for plain lines.</summary>
    public IAnsiConsole? Error { get; }

    /// <summary>Looks at this process's stdout, stderr and environment.</summary>
    public static CliTerminal Detect()
    {
        var term = Environment.GetEnvironmentVariable("TERM");
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new CliTerminal(
            Draws(Console.IsOutputRedirected, term) ? Create(Console.Out, noColor) : null,
            Draws(Console.IsErrorRedirected, term) ? Create(Console.Error, noColor) : null);
    }

    /// <summary>Whether a stream gets drawn output rather than plain lines.</summary>
    internal static bool Draws(bool redirected, string? term) =>
        !redirected && !string.Equals(term, "dumb", StringComparison.OrdinalIgnoreCase);

    private static IAnsiConsole? Create(TextWriter writer, bool noColor)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Detect,
            ColorSystem = noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            // Already decided above: the stream is a terminal.
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });

        // A console without ANSI (an old Windows console host) cannot move the cursor to redraw a live view.
        return console.Profile.Capabilities.Ansi ? console : null;
    }
}

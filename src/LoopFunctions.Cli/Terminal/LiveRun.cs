using Spectre.Console;

namespace LoopFunctions.Cli.Terminal;

/// <summary>Shows a <see cref="RunView"/> as a Spectre live display while a watch runs: redrawn a few times a second
/// (the spinner and the clock move even when the run's status does not), the last frame left on the screen when the
/// watch ends, so the lines printed after it (the outcome, where the result is) follow it as they follow the plain
/// progress lines.</summary>
internal static class LiveRun
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);

    /// <summary>How many transcript lines fit under the status on <paramref name="console"/>: the view must stay
    /// shorter than the screen, or it could not be redrawn in place.</summary>
    public static int TranscriptLines(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return Math.Clamp(console.Profile.Height - 8, 3, 12);
    }

    public static async Task<T> ShowAsync<T>(IAnsiConsole console, RunView view, Func<Task<T>> watch)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(watch);
        var spinner = console.Profile.Capabilities.Unicode ? Spinner.Known.Dots : Spinner.Known.Line;
        var tick = 0;
        return await console.Live(RunViewRenderer.Render(view.Frame(), spinner, tick))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                try
                {
                    var watching = watch();
                    while (await Task.WhenAny(watching, Task.Delay(Refresh)).ConfigureAwait(false) != watching)
                    {
                        context.UpdateTarget(RunViewRenderer.Render(view.Frame(), spinner, ++tick));
                    }

                    return await watching.ConfigureAwait(false);
                }
                finally
                {
                    // Also when the watch was interrupted or failed: the last frame shows where the run was.
                    view.End();
                    context.UpdateTarget(RunViewRenderer.Render(view.Frame(), spinner, tick));
                }
            }).ConfigureAwait(false);
    }
}

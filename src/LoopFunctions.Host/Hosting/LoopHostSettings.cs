namespace LoopFunctions.Host.Hosting;

/// <summary>How <see cref="LoopHost.Build"/> starts a host: what <c>loopfn serve</c> takes from its command line.</summary>
public sealed class LoopHostSettings
{
    /// <summary>The folder with host.json, local.settings.json and the loops folder. Default the current directory.</summary>
    public string ContentRoot { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The addresses to listen on. Default <c>http://127.0.0.1:7071</c>, the Functions host's port. Port 0
    /// picks a free port (tests).</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:7071"];

    /// <summary>The SQLite store file; default host.json's <c>storageProvider.path</c>.</summary>
    public string? StorePath { get; init; }

    /// <summary>Settings that override local.settings.json and the environment (tests, command-line options).</summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The clock schedules fire by. Default the system clock.</summary>
    public TimeProvider? ScheduleTime { get; init; }
}

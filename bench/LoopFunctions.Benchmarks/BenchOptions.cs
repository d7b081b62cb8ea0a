using System.Globalization;

namespace LoopFunctions.Benchmarks;

/// <summary>The command line of one bench invocation: which backend, how many worker processes, and the switches
/// that are compared against the defaults (extended sessions, the SQLite handoff).</summary>
internal sealed class BenchOptions
{
    public const string Usage =
        "usage: <scenario|all> [--provider sqlite|azure] [--workers N] [--n N] [--runs R] [--sessions on|off] [--handoff on|off] [--poll-max-ms N] [--partitions blob|table] [--sync normal|full] [--orchestration-slots N] [--fetch-loops N] [--guard FILE.jsonl] [--tolerance 0.15] [--max-gap SECONDS]";

    /// <summary><c>sqlite</c> (the worker runs in this process) or <c>azure</c> (DurableTask.AzureStorage; the workers
    /// are <see cref="Workers"/> child processes and this process is only the client).</summary>
    public string Provider { get; private set; } = "sqlite";

    /// <summary>Worker processes on Azure Storage; always 1 (this process) on SQLite.</summary>
    public int Workers { get; private set; } = 1;

    /// <summary>The scenario's size, or null for its default on the provider.</summary>
    public int? N { get; private set; }

    public int Runs { get; private set; } = 1;

    /// <summary>Extended sessions, or null for the backend's default (SQLite on, Azure Storage off, as host.json).</summary>
    public bool? Sessions { get; private set; }

    /// <summary>The SQLite provider's local dispatch (its <c>LocalDispatch</c> setting; <c>--handoff</c> and the
    /// results' <c>handoff</c> key keep their recorded names). Default on.</summary>
    public bool Handoff { get; private set; } = true;

    /// <summary>The backend's longest queue poll interval (host.json <c>storageProvider.maxQueuePollingInterval</c>),
    /// or null for its default (Azure Storage 30 s, SQLite 1 s).</summary>
    public int? PollMaxMs { get; private set; }

    /// <summary>Azure Storage partition ownership: <c>blob</c> leases (Durable Functions' default) or the
    /// <c>table</c> partition manager (host.json <c>storageProvider.useTablePartitionManagement</c>).</summary>
    public string Partitions { get; private set; } = "blob";

    /// <summary>The SQLite provider's <c>PRAGMA synchronous</c>: <c>normal</c> (its default; a power loss may lose the
    /// last commits) or <c>full</c> (every commit waits for the disk, as the peers' stores do).</summary>
    public string Sync { get; private set; } = "normal";

    /// <summary>The SQLite provider's <c>MaxConcurrentTaskOrchestrationWorkItems</c> (half of them may hold extended
    /// sessions), or null for its default.</summary>
    public int? OrchestrationSlots { get; private set; }

    /// <summary>The SQLite provider's orchestration fetch loops (<c>OrchestrationFetchLoops</c>); null for its default.</summary>
    public int? FetchLoops { get; private set; }

    /// <summary>A JSON-lines file of earlier runs: this run's CPU per work item is compared with the previous matching
    /// run recorded there (<see cref="RegressionGuard"/>), then appended to it.</summary>
    public string? GuardFile { get; private set; }

    /// <summary>How much more CPU per work item than the previous recorded run counts as a regression. Default 0.15.</summary>
    public double Tolerance { get; private set; } = 0.15;

    /// <summary>The stall bound: a run in which longer than this passed without an instance finishing (its
    /// <c>max_gap_s</c>) is a failure, reported as <c>"stalled": true</c> and exit code 4. Null: not checked.</summary>
    public double? MaxGapSeconds { get; private set; }

    /// <summary><c>LOOPFN_BENCH_PROFILE=1</c>: time every backend call the worker makes and print the totals.</summary>
    public bool Profile { get; } = Environment.GetEnvironmentVariable("LOOPFN_BENCH_PROFILE") == "1";

    /// <summary>The storage account for <c>azure</c>: <c>AzureWebJobsStorage</c>, or the Azurite this program started.</summary>
    public string? AzureConnectionString { get; set; }

    /// <summary>The Azurite this program started (its CPU is reported apart), or null.</summary>
    public Azure.AzuriteLauncher? Azurite { get; set; }

    public bool IsAzure => Provider == "azure";

    /// <summary>The sessions setting as the JSON line and a worker's command line show it.</summary>
    public string SessionsText => Sessions switch { true => "on", false => "off", null => "default" };

    /// <summary>Parses everything after the scenario name; null and a message on stderr when a value is wrong.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            var ok = (args[i], value) switch
            {
                ("--provider", "sqlite" or "azure") => Set(() => options.Provider = value!),
                ("--n", _) when Positive(value, out var n) => Set(() => options.N = n),
                ("--workers", _) when Positive(value, out var w) => Set(() => options.Workers = w),
                ("--runs", _) when Positive(value, out var r) => Set(() => options.Runs = r),
                ("--sessions", "on" or "off" or "default") => Set(() => options.Sessions = OnOff(value!)),
                ("--handoff", "on" or "off") => Set(() => options.Handoff = value == "on"),
                ("--poll-max-ms", _) when Positive(value, out var poll) => Set(() => options.PollMaxMs = poll),
                ("--partitions", "blob" or "table") => Set(() => options.Partitions = value!),
                ("--sync", "normal" or "full" or "durable") => Set(() => options.Sync = value!),
                ("--orchestration-slots", _) when Positive(value, out var slots) => Set(() => options.OrchestrationSlots = slots),
                ("--fetch-loops", _) when Positive(value, out var loops) => Set(() => options.FetchLoops = loops),
                ("--guard", { Length: > 0 }) => Set(() => options.GuardFile = value),
                ("--tolerance", _) when Fraction(value, out var t) => Set(() => options.Tolerance = t),
                ("--max-gap", _) when Positive(value, out var gap) => Set(() => options.MaxGapSeconds = gap),
                _ => false,
            };
            if (!ok)
            {
                Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'\n{Usage}");
                return null;
            }

            i++;
        }

        if (options.Workers != 1 && !options.IsAzure)
        {
            Console.Error.WriteLine("--workers N needs --provider azure: the SQLite worker runs in the benchmark process.");
            return null;
        }

        if (options.Sync != "normal" && options.IsAzure)
        {
            Console.Error.WriteLine("--sync is the SQLite provider's PRAGMA synchronous; Azure Storage has no such switch.");
            return null;
        }

        return options;
    }

    /// <summary>A worker process's options: the switches its parent was given (<see cref="WorkerArguments"/>).</summary>
    public static BenchOptions ForWorker(string sessions, string pollMaxMs, string partitions) => new()
    {
        Provider = "azure",
        Sessions = OnOff(sessions),
        PollMaxMs = Positive(pollMaxMs, out var poll) ? poll : null,
        Partitions = partitions,
    };

    /// <summary>The switches a worker process gets on its command line, after the scenario and the hub.</summary>
    public IEnumerable<string> WorkerArguments() =>
        [SessionsText, PollMaxMs?.ToString(CultureInfo.InvariantCulture) ?? "default", Partitions];

    private static bool? OnOff(string value) => value switch { "on" => true, "off" => false, _ => null };

    private static bool Set(Action apply)
    {
        apply();
        return true;
    }

    private static bool Fraction(string? text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value is >= 0 and < 10;

    private static bool Positive(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}

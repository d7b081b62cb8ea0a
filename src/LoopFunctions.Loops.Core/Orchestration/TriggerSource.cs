namespace LoopFunctions.Loops.Orchestration;

/// <summary>The words of <see cref="LoopTrigger.Kind"/> (what started a run, as its stored input, its log lines and
/// its telemetry show it), composed here only.</summary>
/// <remarks>Open by design, unlike <see cref="Definitions.TriggerKind"/>: a GitHub event or a generic webhook appends
/// its own name (<c>github:pull_request</c>, <c>webhook:deploy</c>), and inputs stored by earlier versions hold words
/// this one no longer writes (<c>api</c>). Nothing branches on it (it is shown, logged and counted), so it stays text
/// rather than an enum that would have to reject the words it does not know.</remarks>
public static class TriggerSource
{
    /// <summary>The HTTP starter (<c>POST /api/loops/{name}</c>).</summary>
    public const string Http = "http";

    /// <summary>Started by hand (<c>loopfn run</c>); also what a stored input without a trigger reads as.</summary>
    public const string Manual = "manual";

    /// <summary>A schedule fired.</summary>
    public const string Schedule = "schedule";

    /// <summary>A GitHub event: <c>github:</c> and the event's name (<c>github:pull_request</c>).</summary>
    public static string GitHub(string eventName) => "github:" + eventName;

    /// <summary>A generic webhook: <c>webhook:</c> and the hook's name.</summary>
    public static string Webhook(string name) => "webhook:" + name;
}

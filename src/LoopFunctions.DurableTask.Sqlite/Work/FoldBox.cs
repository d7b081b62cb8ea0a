namespace LoopFunctions.DurableTask.Sqlite.Work;

/// <summary>The extended session activity results of its instance may be folded into, and the results waiting for
/// it; locked on itself.</summary>
internal sealed class FoldBox(SqliteOrchestrationWorkItem item)
{
    public SqliteOrchestrationWorkItem Item { get; } = item;

    public List<FoldedResult> Pending { get; set; } = [];

    /// <summary>Pulsed when a result is added; apart from the instance's signal, which means "read the file".</summary>
    public Signals.AsyncPulse Arrived { get; } = new();

    /// <summary>Set once the session can no longer commit results: later ones are stored the ordinary way.</summary>
    public bool Closed { get; set; }
}

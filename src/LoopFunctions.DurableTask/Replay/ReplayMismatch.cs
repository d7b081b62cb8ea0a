namespace LoopFunctions.DurableTask.Replay;

/// <summary>The first point where today's orchestrator code and a recorded history disagree.</summary>
/// <param name="EventId">The sequence number of the disagreeing action (-1 when it is the start or the completion).</param>
/// <param name="RecordedAction">What the history recorded there, e.g. <c>TaskScheduled 'Charge' (id 1)</c>;
/// <see langword="null"/> when the history has nothing there.</param>
/// <param name="NewAction">What the code does there now; <see langword="null"/> when it does nothing there.</param>
/// <param name="Message">Why they disagree: DTFx's non-determinism message when DTFx found it, else this checker's.</param>
public sealed record ReplayMismatch(int EventId, string? RecordedAction, string? NewAction, string Message)
{
    public override string ToString() =>
        $"at event {EventId}: recorded {RecordedAction ?? "nothing"}, now {NewAction ?? "nothing"}: {Message}";
}

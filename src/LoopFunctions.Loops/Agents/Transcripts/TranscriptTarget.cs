namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>Where an agent step's transcript goes: the store and the instance the step belongs to (the activity
/// knows it; the step's input, which the history holds, does not need to).</summary>
/// <param name="Store">The transcript store.</param>
/// <param name="InstanceId">The orchestration instance running the step.</param>
public sealed record TranscriptTarget(ITranscriptStore Store, string InstanceId);

using DurableTask.Core;

namespace LoopFunctions.DurableTask.Sqlite.Work;

/// <summary>An activity result handed to the session of its instance in memory: the activity row and lease the
/// checkpoint that applies it must delete (fenced), and the result.</summary>
internal sealed record FoldedResult(long ActivityRow, string LeaseToken, TaskMessage Response);

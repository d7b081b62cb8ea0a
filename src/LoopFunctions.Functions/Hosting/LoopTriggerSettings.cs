using LoopFunctions.Triggers;

namespace LoopFunctions.Functions.Hosting;

/// <summary>The trigger settings and the absolute loops folder the app serves.</summary>
public sealed record LoopTriggerSettings(TriggerOptions Options, string LoopsFolder);

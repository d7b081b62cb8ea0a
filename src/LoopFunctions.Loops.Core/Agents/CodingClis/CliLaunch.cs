namespace LoopFunctions.Loops.Agents.CodingClis;

/// <summary>How to start a coding CLI: its argv (the prompt is not in it: it goes to stdin), the variables to add to
/// its allow-listed environment, and files to write into the agent home first (settings, never keys).</summary>
public sealed record CliLaunch(
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> Files);

namespace LoopFunctions.DurableTask.Configuration;

/// <summary>One unknown or invalid host.json setting.</summary>
/// <param name="Path">Where the setting lives, e.g. <c>extensions.durableTask.storageProvider</c>.</param>
/// <param name="Key">The setting's name as host.json spells it, e.g. <c>partitionCount</c>.</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record HostJsonProblem(string Path, string Key, string Reason)
{
    public override string ToString() => Key.Length == 0 ? $"{Path}: {Reason}" : $"{Path}.{Key}: {Reason}";
}

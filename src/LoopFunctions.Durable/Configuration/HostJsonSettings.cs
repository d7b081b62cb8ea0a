namespace LoopFunctions.Durable.Configuration;

/// <summary>What the engine reads from host.json.</summary>
/// <param name="DurableTask">Engine settings from <c>extensions.durableTask</c>.</param>
/// <param name="StorageProvider">The store from <c>extensions.durableTask.storageProvider</c>.</param>
/// <param name="Directory">The folder host.json is in; relative paths resolve against it.</param>
public sealed record HostJsonSettings(DurableTaskOptions DurableTask, StorageProviderSettings StorageProvider, string Directory)
{
    /// <summary>The SQLite file as an absolute path.</summary>
    public string SqlitePath => System.IO.Path.GetFullPath(StorageProvider.Path, Directory);
}

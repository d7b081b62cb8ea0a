using LoopFunctions.DurableTask.Configuration;

namespace LoopFunctions.DurableTask.Hosting;

/// <summary>Which backend and task hub the container uses, for logs and status pages.</summary>
/// <param name="Backend">SQLite or Azure Storage.</param>
/// <param name="HubName">The task hub.</param>
/// <param name="Description">A one-line description without secrets, e.g. <c>sqlite /srv/store.db (hub LoopFunctions)</c>.</param>
public sealed record DurableBackendInfo(StorageBackend Backend, string HubName, string Description);

namespace LoopFunctions.Host.Hosting;

/// <summary>Where the host reads its files from and keeps its store.</summary>
/// <param name="ContentRoot">The folder with host.json, local.settings.json and the loops folder.</param>
/// <param name="StoreDescription">What the store is, for logs and the dashboard (a path, never a connection string).</param>
internal sealed record HostPaths(string ContentRoot, string StoreDescription);

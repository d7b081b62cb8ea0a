namespace LoopFunctions.DurableTask.AzureStorage;

/// <summary>Where the Azure Storage connection string was looked up, so a missing one is reported by that name.</summary>
internal sealed record AzureStorageConnection(string? Name, string Source);

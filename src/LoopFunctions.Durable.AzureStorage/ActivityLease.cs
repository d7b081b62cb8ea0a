namespace LoopFunctions.Durable.AzureStorage;

/// <summary>An activity request this worker holds: the queue message's visibility is the lease, and
/// <see cref="LockedUntil"/> is the same lease on the store's clock.</summary>
internal sealed class ActivityLease(string messageId, string popReceipt, DateTime lockedUntil, string? blob)
{
    public string MessageId { get; } = messageId;

    /// <summary>Changes with every renewal.</summary>
    public string PopReceipt { get; set; } = popReceipt;

    public DateTime LockedUntil { get; set; } = lockedUntil;

    public string? Blob { get; } = blob;
}

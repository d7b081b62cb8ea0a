namespace LoopFunctions.DurableTask.Client;

/// <summary>The rules an instance id follows, checked before anything is stored: Azure Storage uses it as a table
/// key, so the same rules hold on every backend.</summary>
public static class InstanceIds
{
    /// <summary>The longest id accepted, as in Durable Functions.</summary>
    public const int MaxLength = 256;

    /// <exception cref="ArgumentException">The id is empty, too long, or has a control character or one of / \ # ?.</exception>
    public static void Validate(string instanceId)
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > MaxLength
            || instanceId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new ArgumentException(
                $"Instance id '{instanceId}' is not valid: use 1 to {MaxLength} characters without control characters or / \\ # ?.",
                nameof(instanceId));
        }
    }
}

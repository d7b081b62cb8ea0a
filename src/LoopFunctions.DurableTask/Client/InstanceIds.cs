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

    /// <summary>Whether <paramref name="instanceId"/> names an entity (<c>@name@key</c>): ids starting with <c>@</c>
    /// belong to entities, as in DTFx.</summary>
    public static bool IsEntity(string? instanceId) => instanceId is not null && instanceId.StartsWith('@');

    /// <summary>Refuses an entity id where an orchestration is meant.</summary>
    /// <exception cref="ArgumentException"><paramref name="instanceId"/> starts with <c>@</c>.</exception>
    public static void RefuseEntity(string instanceId, string operation)
    {
        if (IsEntity(instanceId))
        {
            throw new ArgumentException(
                $"Cannot {operation} '{instanceId}': ids starting with '@' belong to entities (@name@key); use the client's Entities to signal or read an entity.",
                nameof(instanceId));
        }
    }
}

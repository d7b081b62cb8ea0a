namespace LoopFunctions.Loops.Budget;

/// <summary>Reads whether a pool reservation is still held, for an agent step about to spend under it.</summary>
public interface IBudgetPoolReader
{
    /// <summary>Whether the pool <paramref name="pool"/> still holds the reservation <paramref name="id"/>. A host that
    /// cannot read the pool answers true (the step runs, as it would without the check).</summary>
    Task<bool> IsHeldAsync(string pool, string id, CancellationToken cancellationToken);
}

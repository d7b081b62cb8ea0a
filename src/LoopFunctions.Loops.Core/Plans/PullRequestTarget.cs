namespace LoopFunctions.Loops.Plans;

/// <summary>The pull request a <c>workspace.branch: head</c> loop works on.</summary>
/// <param name="Repository">The base repository as <c>owner/name</c>.</param>
/// <param name="Number">The pull request's number.</param>
public sealed record PullRequestTarget(string Repository, int Number)
{
    /// <summary>The owner part of <see cref="Repository"/>.</summary>
    public string Owner => Repository.Split('/', 2)[0];

    /// <summary>The name part of <see cref="Repository"/>.</summary>
    public string Name => Repository.Split('/', 2)[1];
}

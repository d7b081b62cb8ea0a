namespace LoopFunctions.DurableTask.Sqlite.Tests.TestSupport;

/// <summary>Waits for a condition with a deadline (never a bare sleep).</summary>
internal static class Poll
{
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(10);
        }

        return await condition();
    }

    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan? deadline = null) => UntilAsync(() => Task.FromResult(condition()), deadline);
}

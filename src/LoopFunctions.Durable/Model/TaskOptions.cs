namespace LoopFunctions.Durable;

/// <summary>Options for scheduling an activity or sub-orchestration.</summary>
public record TaskOptions(RetryPolicy? Retry = null)
{
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

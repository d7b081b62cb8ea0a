namespace LoopFunctions.Durable;

/// <summary>Retries for activities and sub-orchestrations, with durable timers between attempts.</summary>
/// <remarks>Delays are durable timers, so a retry waiting an hour survives a restart. The delay before attempt n+1
/// is <c>FirstRetryInterval * BackoffCoefficient^(n-1)</c>, capped by <see cref="MaxRetryInterval"/>.</remarks>
public sealed record RetryPolicy
{
    /// <param name="maxNumberOfAttempts">Attempts in all, the first included; at least 1.</param>
    /// <param name="firstRetryInterval">Delay before the second attempt; more than zero.</param>
    /// <param name="backoffCoefficient">Growth of the delay per attempt; at least 1. Default 1.</param>
    /// <param name="maxRetryInterval">Upper bound of one delay. Default: no bound.</param>
    /// <param name="retryTimeout">No attempt starts after this much time since the first. Default: no bound.</param>
    public RetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 1.0, TimeSpan? maxRetryInterval = null, TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.MaxValue;
        RetryTimeout = retryTimeout ?? TimeSpan.MaxValue;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    public TimeSpan RetryTimeout { get; }

    /// <summary>Decides per failure whether to retry; default retries every failure not marked non-retriable.</summary>
    public Func<FailureDetails, bool>? HandleFailure { get; init; }

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan GetDelay(int attempt)
    {
        var ms = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, attempt - 1);
        return ms >= MaxRetryInterval.TotalMilliseconds ? MaxRetryInterval : TimeSpan.FromMilliseconds(ms);
    }
}

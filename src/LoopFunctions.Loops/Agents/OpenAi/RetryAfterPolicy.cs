using System.ClientModel.Primitives;
using System.Globalization;

namespace LoopFunctions.Loops.Agents.OpenAi;

/// <summary>
/// Retries what the default client policy retries (408, 429, 5xx, network errors), but waits as long as the server
/// asks: <c>retry-after-ms</c> (Azure OpenAI, OpenAI) first, then <c>retry-after</c> in seconds or as an HTTP date,
/// else exponential backoff with jitter. A server asking for more than <see cref="MaxServerDelay"/> is capped so one
/// answer cannot stall a loop for hours.
/// </summary>
internal sealed class RetryAfterPolicy(int maxRetries, TimeSpan baseDelay) : ClientRetryPolicy(maxRetries)
{
    internal static readonly TimeSpan MaxServerDelay = TimeSpan.FromSeconds(60);

    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        var headers = message.Response?.Headers;
        if (headers is not null)
        {
            if (headers.TryGetValue("retry-after-ms", out var ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                && milliseconds >= 0)
            {
                return Min(TimeSpan.FromMilliseconds(milliseconds), MaxServerDelay);
            }

            if (headers.TryGetValue("retry-after", out var after))
            {
                if (double.TryParse(after, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                {
                    return Min(TimeSpan.FromSeconds(seconds), MaxServerDelay);
                }

                if (DateTimeOffset.TryParse(after, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    var wait = at - DateTimeOffset.UtcNow;
                    return wait <= TimeSpan.Zero ? TimeSpan.Zero : Min(wait, MaxServerDelay);
                }
            }
        }

        var exponential = baseDelay * Math.Pow(2, Math.Max(0, tryCount - 1));
#pragma warning disable CA5394 // Jitter spreads retries of parallel loops; it needs no cryptographic randomness.
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        return Min(exponential * jitter, MaxServerDelay);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

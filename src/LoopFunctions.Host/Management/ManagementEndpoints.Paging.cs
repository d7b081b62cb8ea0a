using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;

namespace LoopFunctions.Host.Management;

/// <summary>The one page a query route answers with, and the token that leads to the next.</summary>
internal static partial class ManagementEndpoints
{
    /// <summary>The page of <paramref name="query"/> that the token in <c>x-ms-continuation-token</c> leads to (the
    /// first without one), with the next page's token set on the response; Error is the 400 for a token this host
    /// did not issue.</summary>
    private static async Task<(Page<T>? Page, IResult? Error)> FirstPageAsync<T>(HttpContext http, Func<AsyncPageable<T>> query, int pageSize, CancellationToken ct)
        where T : notnull
    {
        var continuation = http.Request.Headers[ContinuationHeader].ToString() is { Length: > 0 } token ? token : null;
        Page<T>? page = null;
        try
        {
            await foreach (var first in query().AsPages(continuation, pageSize).WithCancellation(ct).ConfigureAwait(false))
            {
                page = first;
                break;
            }
        }
        catch (ArgumentException ex)
        {
            return (null, ApiResults.BadRequest($"the {ContinuationHeader} header is not a token this host issued: {ex.Message}", exceptionType: ex.GetType().FullName));
        }

        if (page?.ContinuationToken is { } next)
        {
            http.Response.Headers[ContinuationHeader] = next;
        }

        return (page, null);
    }
}

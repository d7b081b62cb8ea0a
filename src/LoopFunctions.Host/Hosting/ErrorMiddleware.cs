using LoopFunctions.DurableTask.Sqlite;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoopFunctions.Host.Hosting;

/// <summary>Turns failures into the API's JSON error shape (<see cref="ApiResults"/>): a too-large body is 413, an unavailable store 503, and
/// anything else a 500 that names the error without a stack trace.</summary>
internal sealed class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            await ApiResults.Error(ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the request body is larger than LoopFunctions:MaxRequestBodyBytes allows" : ex.Message, exceptionType: ex.GetType().FullName).ExecuteAsync(http).ConfigureAwait(false);
        }
        catch (SqliteStoreUnavailableException ex) when (!http.Response.HasStarted)
        {
            await ApiResults.Error(StatusCodes.Status503ServiceUnavailable, ex.Message, exceptionType: ex.GetType().FullName).ExecuteAsync(http).ConfigureAwait(false);
        }
        catch (Exception ex) when (!http.Response.HasStarted && ex is DurableTask.PayloadTooLargeException or DurableTask.Sqlite.PayloadTooLargeException)
        {
            await ApiResults.Error(StatusCodes.Status413PayloadTooLarge, ex.Message, exceptionType: ex.GetType().FullName).ExecuteAsync(http).ConfigureAwait(false);
        }
        catch (Exception ex) when (!http.Response.HasStarted && ex is not OperationCanceledException)
        {
            logger.RequestFailed(ex, http.Request.Method, http.Request.Path);
            await ApiResults.Error(StatusCodes.Status500InternalServerError, $"{ex.GetType().Name}: {ex.Message}", exceptionType: ex.GetType().FullName).ExecuteAsync(http).ConfigureAwait(false);
        }
    }
}

using System.Text.Json.Nodes;
using LoopFunctions.Triggers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace LoopFunctions.Host;

/// <summary>Error answers in one shape for every endpoint: Durable Functions' error body
/// (<c>{"Message", "ExceptionMessage", "ExceptionType", "StackTrace"}</c>, which its client libraries read) plus this
/// host's <c>{"error": "..."}</c>, the same text as <c>ExceptionMessage</c>.</summary>
/// <remarks><c>StackTrace</c> is always null: a caller never gets the host's stack.</remarks>
internal static class ApiResults
{
    /// <summary>Durable Functions' <c>Message</c> for a request it refuses as a bad argument.</summary>
    public const string BadArguments = "One or more of the arguments submitted is incorrect";

    /// <summary>Durable Functions' <c>Message</c> for a body that is not JSON.</summary>
    public const string InvalidJson = "Invalid JSON content";

    /// <summary>Durable Functions' <c>Message</c> for a failure of its own.</summary>
    public const string InternalError = "Something went wrong while processing your request";

    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="message">What is wrong, for a person: <c>ExceptionMessage</c> and <c>error</c>.</param>
    /// <param name="summary"><c>Message</c>; default Durable Functions' text for the status (or its reason phrase).</param>
    /// <param name="exceptionType"><c>ExceptionType</c>: the type of the exception behind the answer, when there is one.</param>
    public static IResult Error(int statusCode, string message, string? summary = null, string? exceptionType = null) =>
        Results.Json(Body(statusCode, message, summary, exceptionType), statusCode: statusCode);

    public static JsonObject Body(int statusCode, string message, string? summary = null, string? exceptionType = null) => new()
    {
        ["Message"] = summary ?? statusCode switch
        {
            StatusCodes.Status400BadRequest => BadArguments,
            StatusCodes.Status500InternalServerError => InternalError,
            _ => ReasonPhrases.GetReasonPhrase(statusCode),
        },
        ["ExceptionMessage"] = message,
        ["ExceptionType"] = exceptionType,
        ["StackTrace"] = null,
        ["error"] = message,
    };

    public static IResult BadRequest(string message, string? summary = null, string? exceptionType = null) =>
        Error(StatusCodes.Status400BadRequest, message, summary, exceptionType);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    /// <summary>The Durable Functions answer for an operation on an instance that already ended.</summary>
    public static IResult Gone(string instanceId, string status) =>
        Error(StatusCodes.Status410Gone, $"instance {instanceId} is {status}; it can no longer take that operation");

    /// <summary>A trigger handler's answer, as JSON with its status code; its errors in the shape above.</summary>
    public static IResult From(TriggerResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Body is ErrorBody error
            ? Error(response.StatusCode, error.Error)
            : Results.Json(response.Body, statusCode: response.StatusCode);
    }
}

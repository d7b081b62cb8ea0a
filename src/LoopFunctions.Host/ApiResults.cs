using LoopFunctions.Triggers.Http;
using Microsoft.AspNetCore.Http;

namespace LoopFunctions.Host;

/// <summary>Error answers in one shape, <c>{"error": "..."}</c>, for every endpoint.</summary>
internal static class ApiResults
{
    public static IResult Error(int statusCode, string message) =>
        Results.Json(new ErrorBody(message), statusCode: statusCode);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    /// <summary>The Durable Functions answer for an operation on an instance that already ended.</summary>
    public static IResult Gone(string instanceId, string status) =>
        Error(StatusCodes.Status410Gone, $"instance {instanceId} is {status}; it can no longer take that operation");

    /// <summary>A trigger handler's answer, as JSON with its status code.</summary>
    public static IResult From(TriggerResponse response) => Results.Json(response.Body, statusCode: response.StatusCode);
}

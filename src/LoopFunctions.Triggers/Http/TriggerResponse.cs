namespace LoopFunctions.Triggers.Http;

/// <summary>What a trigger answers, independent of the HTTP server: a status code and a body each host writes as JSON
/// with System.Text.Json's web defaults (camelCase), so both hosts answer alike.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Body">The JSON body; errors are <see cref="ErrorBody"/>, <c>{"error": "..."}</c>.</param>
public sealed record TriggerResponse(int StatusCode, object Body)
{
    public static TriggerResponse Error(int statusCode, string message) => new(statusCode, new ErrorBody(message));

    public static TriggerResponse BadRequest(string message) => Error(400, message);

    public static TriggerResponse NotFound(string message) => Error(404, message);
}

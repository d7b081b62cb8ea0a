using System.Net;
using LoopFunctions.Triggers.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace LoopFunctions.Functions.Http;

/// <summary>Turns the shared triggers' answers into Functions HTTP responses, and reads request bodies.</summary>
internal static class HttpAnswers
{
    /// <summary>The answer as JSON, with the worker's serializer (web defaults, as <c>loopfn serve</c> writes it).</summary>
    public static async Task<HttpResponseData> WriteAsync(HttpRequestData request, TriggerResponse answer, CancellationToken ct)
    {
        var response = request.CreateResponse((HttpStatusCode)answer.StatusCode);
        await response.WriteAsJsonAsync(answer.Body, ct).ConfigureAwait(false);
        response.StatusCode = (HttpStatusCode)answer.StatusCode;
        return response;
    }

    public static async Task<byte[]> ReadBodyAsync(HttpRequestData request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>A request header by name, or null.</summary>
    public static string? Header(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

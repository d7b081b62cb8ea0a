using LoopFunctions.DurableTask.Configuration;
using LoopFunctions.Host.Management;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Starting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LoopFunctions.Host.Starters;

/// <summary>HTTP starters: <c>POST /api/loops/{loop}</c> and the Durable Functions route
/// <c>POST /runtime/webhooks/durabletask/orchestrators/{loop}/{instanceId?}</c>. Both answer 202 with the
/// check-status payload; the decisions (which loop, a valid file, a free id) are <see cref="HttpLoopStarter"/>'s,
/// shared with the Azure Functions app.</summary>
internal static class StarterEndpoints
{
    public static void MapStarters(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/loops/{loop}", StartAsync).AddEndpointFilter<Auth.FunctionKeyFilter>();
        app.MapPost(CheckStatusPayload.BasePath + "/orchestrators/{loop}/{instanceId?}", StartAsync).AddEndpointFilter<Auth.FunctionKeyFilter>();
        app.MapGet("/api/loops", (LoopFolder loops) =>
            {
                var current = loops.Current;
                return Results.Json(new
                {
                    loops = current.Loops.Values.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => new
                    {
                        name = l.Name,
                        triggers = l.Triggers.Select(t => t.Kind).ToList(),
                        repository = l.Repository,
                        maxIterations = l.Limits.MaxIterations,
                    }),
                    errors = current.Errors.Select(e => e.ToString()),
                });
            })
            .AddEndpointFilter<Auth.FunctionKeyFilter>();
    }

    private static async Task<IResult> StartAsync(string loop, string? instanceId, string? repo, HttpRequest request, HttpLoopStarter starter, HostJsonSettings hostJson, CancellationToken ct)
    {
        var body = await RequestBody.ReadBytesAsync(request, ct).ConfigureAwait(false);
        var result = await starter.StartAsync(loop, instanceId, repo, body, ct).ConfigureAwait(false);
        return result.Error is { } error
            ? ApiResults.From(error)
            : CheckStatusPayload.For(request, result.InstanceId!, hostJson.HubName).Accepted();
    }
}

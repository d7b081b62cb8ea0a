using System.Text.Json;
using LoopFunctions.Durable;
using LoopFunctions.Host.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace LoopFunctions.Host.Starters;

/// <summary>HTTP starters: <c>POST /api/loops/{loop}</c> and the Durable Functions route
/// <c>POST /runtime/webhooks/durabletask/orchestrators/{loop}/{instanceId?}</c>. Both answer 202 with the
/// check-status payload.</summary>
internal static class StarterEndpoints
{
    public static void MapStarters(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/loops/{loop}", (string loop, string? instanceId, string? repo, HttpRequest request, LoopCatalogProvider catalog, LoopLauncher launcher, IOptions<DurableTaskOptions> engine, CancellationToken ct) =>
                StartAsync(loop, instanceId, repo, request, catalog, launcher, engine.Value.HubName, ct))
            .AddEndpointFilter<Auth.FunctionKeyFilter>();
        app.MapPost(CheckStatusPayload.BasePath + "/orchestrators/{loop}/{instanceId?}", (string loop, string? instanceId, string? repo, HttpRequest request, LoopCatalogProvider catalog, LoopLauncher launcher, IOptions<DurableTaskOptions> engine, CancellationToken ct) =>
                StartAsync(loop, instanceId, repo, request, catalog, launcher, engine.Value.HubName, ct))
            .AddEndpointFilter<Auth.FunctionKeyFilter>();
        app.MapGet("/api/loops", (LoopCatalogProvider catalog) =>
            {
                var current = catalog.Current;
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

    private static async Task<IResult> StartAsync(string loop, string? instanceId, string? repo, HttpRequest request, LoopCatalogProvider catalog, LoopLauncher launcher, string hubName, CancellationToken ct)
    {
        var current = catalog.Current;
        if (!current.Loops.TryGetValue(loop, out var definition))
        {
            var invalid = current.Errors.Where(e => Path.GetFileNameWithoutExtension(e.File).Equals(loop, StringComparison.OrdinalIgnoreCase)).ToList();
            return invalid.Count > 0
                ? ApiResults.BadRequest($"loop '{loop}' is invalid: {string.Join("; ", invalid)}")
                : ApiResults.NotFound($"no loop named '{loop}' in {current.Folder}; known loops: {string.Join(", ", current.Loops.Keys.Order(StringComparer.Ordinal))}");
        }

        var (input, error) = await RequestBody.ReadJsonAsync(request, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return ApiResults.BadRequest(error);
        }

        try
        {
            var id = await launcher.StartAsync(definition, new LoopStart("http", instanceId, repo, input?.GetRawText()), ct).ConfigureAwait(false);
            return CheckStatusPayload.For(request, id, hubName).Accepted();
        }
        catch (ArgumentException ex)
        {
            return ApiResults.BadRequest(ex.Message);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, $"instance '{instanceId}' is already running; choose another instanceId or wait for it to end");
        }
    }
}

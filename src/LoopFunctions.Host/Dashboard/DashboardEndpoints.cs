using System.Reflection;
using LoopFunctions.Host.Timers;
using LoopFunctions.Loops;
using LoopFunctions.Triggers.Catalog;
using LoopFunctions.Triggers.Schedules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;

namespace LoopFunctions.Host.Dashboard;

/// <summary>The dashboard at <c>/dashboard</c>: a single page with embedded assets (no CDN) over the management API
/// and read-only helpers (timeline, spend per loop and day, spend per loop and model, schedules). Same key as the
/// management API.</summary>
internal static class DashboardEndpoints
{
    private static readonly Assembly Assets = typeof(DashboardEndpoints).Assembly;

    private static readonly JsonDataConverter Converter = new(LoopSerialization.Options);

    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/dashboard"));
        app.MapGet("/dashboard", () => Asset("index.html")).AddEndpointFilter<Auth.FunctionKeyFilter>();

        // The assets are the public page code and hold no data, so they load without a key like any static file.
        app.MapGet("/dashboard/assets/{name}", (string name) => Asset(name));

        var api = app.MapGroup("/api/dashboard").AddEndpointFilter<Auth.FunctionKeyFilter>();
        api.MapGet("/instances/{id}/timeline", async (string id, DurableTaskClient client, CancellationToken ct) =>
        {
            var metadata = await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
            return metadata is null
                ? ApiResults.NotFound($"no instance with id '{id}'")
                : Results.Json(TimelineBuilder.Build(await client.GetOrchestrationHistoryAsync(id, ct).ConfigureAwait(false), Converter));
        });
        api.MapGet("/instances/{id}/failure", async (string id, DurableTaskClient client, CancellationToken ct) =>
        {
            var metadata = await client.GetInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
            if (metadata is null)
            {
                return ApiResults.NotFound($"no instance with id '{id}'");
            }

            // No report (null) unless the run's last execution ended Failed.
            var report = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed
                ? FailureReport.From(await client.GetOrchestrationHistoryAsync(id, ct).ConfigureAwait(false))
                : null;
            return report is null ? Results.Content("null", "application/json") : Results.Json(report);
        });
        api.MapGet("/instances/{id}/transcript", TranscriptEndpoint.GetAsync);
        api.MapGet("/instances/{id}/iterations/{n:int}/diff", IterationDiffEndpoint.GetAsync);
        api.MapGet("/spend", async (int? days, DurableTaskClient client, CancellationToken ct) =>
        {
            var since = days is > 0 ? DateTime.UtcNow.AddDays(-days.Value) : (DateTime?)null;
            return Results.Json(await SpendReport.BuildAsync(client, since, ct).ConfigureAwait(false));
        });
        api.MapGet("/spend/models", async (int? days, DurableTaskClient client, CancellationToken ct) =>
        {
            var since = days is > 0 ? DateTime.UtcNow.AddDays(-days.Value) : (DateTime?)null;
            return Results.Json((await SpendReport.ModelsAsync(client, since, ct).ConfigureAwait(false)).Select(m => new
            {
                loop = m.Loop,
                model = m.Model,
                runs = m.Runs,
                iterations = m.Iterations,
                tokens = m.Tokens,
                costUsd = m.CostUsd,
                verified = m.Verified,
                costPerVerifiedRun = m.CostPerVerifiedRun,
                unpriced = m.Unpriced,
            }));
        });
        api.MapBudgets();
        api.MapGet("/schedules", (LoopFolder loops, ScheduleClock clock) =>
            Results.Json(ScheduleTable.Next(loops.Current.Loops.Values, clock.Time.GetUtcNow())
                .Select(f => new { loop = f.Loop.Name, schedule = f.Expression, timeZone = f.TimeZone, next = f.At })));
    }

    private static IResult Asset(string name)
    {
        var stream = Assets.GetManifestResourceStream("dashboard/" + name);
        if (stream is null)
        {
            return ApiResults.NotFound($"no dashboard asset '{name}'");
        }

        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using LoopFunctions.Loops.Budget;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace LoopFunctions.Host.Management;

/// <summary>The Durable Functions entity routes (<c>entities/{name?}/{key?}</c>), shaped as Durable Functions'
/// <c>HttpApiHandler</c> answers them: read any entity, list them, and signal the two administrative operations of
/// the budget pool (<c>reset</c>, <c>release</c>), the only entity operations this API lets a caller send.</summary>
internal static partial class ManagementEndpoints
{
    /// <summary>The operations a caller may signal, by entity name: anything else could spend or grant budget.</summary>
    private static readonly Dictionary<string, string[]> SignalsAllowed = new(StringComparer.OrdinalIgnoreCase)
    {
        [PoolEntity.Name] = [PoolEntity.Reset, PoolEntity.Release],
    };

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    private static void MapEntities(RouteGroupBuilder api)
    {
        var entities = api.MapGroup("/entities");
        entities.MapGet("/{name}/{key}", GetEntityAsync);
        entities.MapGet("/{name?}", QueryEntitiesAsync);
        entities.MapPost("/{name}/{key}", SignalEntityAsync);
    }

    /// <summary>200 with the entity's state as the body, or 404 when it does not exist (or holds no state).</summary>
    private static async Task<IResult> GetEntityAsync(string name, string key, DurableTaskClient client, CancellationToken ct)
    {
        var entity = await client.Entities.GetEntityAsync(new EntityInstanceId(name, key), includeState: true, ct).ConfigureAwait(false);
        return entity is { IncludesState: true, State.Value: { } state }
            ? Results.Content(state, "application/json")
            : ApiResults.NotFound($"no entity '@{name.ToLowerInvariant()}@{key}'");
    }

    /// <summary><c>[{entityId: {name, key}, lastOperationTime, state}]</c>, a page of <c>top</c> with the next page's
    /// token in <c>x-ms-continuation-token</c>; <c>fetchState</c> (default false), <c>lastOperationTimeFrom/To</c>.</summary>
    private static async Task<IResult> QueryEntitiesAsync(HttpContext http, string? name, DurableTaskClient client, CancellationToken ct)
    {
        var request = http.Request;
        var pageSize = ManagementQuery.Top(request);
        var fetchState = ManagementQuery.Flag(request, "fetchState", false);
        var query = new EntityQuery
        {
            InstanceIdStartsWith = name is null ? null : $"@{name.ToLowerInvariant()}@",
            LastModifiedFrom = ManagementQuery.Time(request, "lastOperationTimeFrom"),
            LastModifiedTo = ManagementQuery.Time(request, "lastOperationTimeTo"),
            IncludeState = fetchState,
            PageSize = pageSize,
        };

        var (page, error) = await FirstPageAsync(http, () => client.Entities.GetAllEntitiesAsync(query), pageSize, ct).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var rows = (page?.Values ?? []).Select(e => new JsonObject
        {
            ["entityId"] = new JsonObject { ["name"] = e.Id.Name, ["key"] = e.Id.Key },
            ["lastOperationTime"] = e.LastModifiedTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["state"] = fetchState && e.IncludesState && e.State.Value is { } state ? JsonNode.Parse(state) : null,
        }).ToList();
        return Results.Json(rows);
    }

    /// <summary>202 once the signal <c>op</c> (the body its input) is queued; 403 for an operation not in
    /// <see cref="SignalsAllowed"/>, 400 without <c>op</c> or with a body the operation cannot read.</summary>
    private static async Task<IResult> SignalEntityAsync(HttpContext http, string name, string key, DurableTaskClient client, CancellationToken ct)
    {
        var op = http.Request.Query["op"].ToString();
        if (op.Length == 0)
        {
            return ApiResults.BadRequest("give the operation to signal as ?op=");
        }

        if (!SignalsAllowed.TryGetValue(name, out var allowed) || !allowed.Contains(op, StringComparer.OrdinalIgnoreCase))
        {
            var which = string.Join("; ", SignalsAllowed.Select(a => $"{a.Key.ToLowerInvariant()}: {string.Join(", ", a.Value)}"));
            return ApiResults.Error(StatusCodes.Status403Forbidden, $"this host does not let callers signal '{op}' to entity '{name}': only {which}");
        }

        object? input = null;
        if (op.Equals(PoolEntity.Release, StringComparison.OrdinalIgnoreCase))
        {
            PoolReleaseRequest? release;
            try
            {
                release = await JsonSerializer.DeserializeAsync<PoolReleaseRequest>(http.Request.Body, RequestJson, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                return ApiResults.BadRequest($"release takes {{\"ids\": [...]}} or {{\"runId\": \"...\"}}: {ex.Message}", exceptionType: ex.GetType().FullName);
            }

            if (release is null || (release.Ids is not { Count: > 0 } && string.IsNullOrEmpty(release.RunId)))
            {
                return ApiResults.BadRequest("release takes {\"ids\": [...]} or {\"runId\": \"...\"}: the reservations to free");
            }

            input = release;
        }

        await client.Entities.SignalEntityAsync(new EntityInstanceId(name, key), op.ToLowerInvariant(), input, cancellation: ct).ConfigureAwait(false);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }
}

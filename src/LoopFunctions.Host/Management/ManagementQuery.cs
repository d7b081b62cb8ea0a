using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Management;

/// <summary>Reads the management API's query parameters as leniently as Durable Functions does: a value that does
/// not parse is ignored (the parameter's default applies), never a 400.</summary>
internal static class ManagementQuery
{
    /// <summary>Durable Functions' page size when <c>top</c> is absent or not a positive number.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest page this host reads at once; a larger <c>top</c> gets pages of this size (the
    /// continuation token still leads to the rest).</summary>
    public const int MaxPageSize = 1000;

    /// <summary><c>true</c>/<c>false</c> in any case (Python's client sends <c>True</c>); anything else is the default.</summary>
    public static bool Flag(HttpRequest request, string name, bool defaultValue) =>
        bool.TryParse(request.Query[name].ToString().Trim(), out var flag) ? flag : defaultValue;

    /// <summary>A point in time (ISO 8601; without an offset it is UTC), or null when absent or not a time.</summary>
    public static DateTimeOffset? Time(HttpRequest request, string name) =>
        DateTimeOffset.TryParse(request.Query[name].ToString().Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;

    /// <summary>The statuses named in <c>runtimeStatus</c> (comma-separated or repeated; names in any case, or the
    /// enum's numbers). Values that name no status are skipped; when none is left there is no status filter, as in
    /// Durable Functions. <c>Canceled</c> is a status (no instance has it).</summary>
    public static IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses(HttpRequest request)
    {
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var value in request.Query["runtimeStatus"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (Enum.TryParse<OrchestrationRuntimeStatus>(value, ignoreCase: true, out var status) && Enum.IsDefined(status) && !statuses.Contains(status))
            {
                statuses.Add(status);
            }
        }

        return statuses.Count > 0 ? statuses : null;
    }

    /// <summary><c>top</c>: a positive number (at most <see cref="MaxPageSize"/>), else <see cref="DefaultPageSize"/>.</summary>
    public static int Top(HttpRequest request) =>
        int.TryParse(request.Query["top"].ToString().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var top) && top > 0
            ? Math.Min(top, MaxPageSize)
            : DefaultPageSize;

    /// <summary>A number of seconds (<c>timeout</c>, <c>pollingInterval</c>), or null when absent, negative or not a number.</summary>
    public static TimeSpan? Seconds(HttpRequest request, string name) =>
        double.TryParse(request.Query[name].ToString().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(1).TotalSeconds))
            : null;
}

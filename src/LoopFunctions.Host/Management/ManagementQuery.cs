using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace LoopFunctions.Host.Management;

/// <summary>Parses the management API's query parameters, with a clear 400 reason for a bad one.</summary>
internal static class ManagementQuery
{
    public static bool Flag(HttpRequest request, string name, bool defaultValue, out string? error)
    {
        error = null;
        string? value = request.Query[name];
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        error = $"query parameter '{name}' must be true or false, not '{value}'";
        return defaultValue;
    }

    public static DateTimeOffset? Time(HttpRequest request, string name, ref string? error)
    {
        string? value = request.Query[name];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.ToUniversalTime();
        }

        error ??= $"query parameter '{name}' must be an ISO 8601 time such as 2026-11-25T09:00:00Z, not '{value}'";
        return null;
    }

    public static IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses(HttpRequest request, ref string? error)
    {
        var values = request.Query["runtimeStatus"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var value in values)
        {
            if (Enum.TryParse<OrchestrationRuntimeStatus>(value, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(value, out _))
            {
                statuses.Add(status);
            }
            else
            {
                error ??= $"runtimeStatus '{value}' is not one of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}";
            }
        }

        return statuses;
    }

    public static int Top(HttpRequest request, ref string? error)
    {
        string? value = request.Query["top"];
        if (string.IsNullOrEmpty(value))
        {
            return 100;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top is >= 1 and <= 1000)
        {
            return top;
        }

        error ??= $"query parameter 'top' must be a number from 1 to 1000, not '{value}'";
        return 100;
    }
}

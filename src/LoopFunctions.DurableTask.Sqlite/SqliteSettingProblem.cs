using System.Globalization;

namespace LoopFunctions.DurableTask.Sqlite;

/// <summary>One setting that breaks a rule of <see cref="SqliteSettingsValidator"/>.</summary>
internal sealed record SqliteSettingProblem(string Setting, string? HostJsonKey, string Rule, object? Value)
{
    /// <summary>As the options validator reports it: the setting, its host.json key, the rule and the value.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"SqliteOrchestrationServiceSettings.{Setting}{(HostJsonKey is null ? "" : $" (host.json {HostJsonKey})")}: {Rule} (was '{Value}').");

    /// <summary>As the service's constructor reports it, in an <see cref="ArgumentException"/> for the setting.</summary>
    public string Sentence() =>
        string.Create(CultureInfo.InvariantCulture, $"SqliteOrchestrationServiceSettings.{Setting} {Rule} (was '{Value}'){(HostJsonKey is null ? "" : $"; host.json {HostJsonKey}")}.");
}

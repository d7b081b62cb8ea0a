using System.Globalization;
using System.Text.Json;

namespace LoopFunctions.DurableTask.Configuration;

/// <summary>Walks host.json, binding what it knows and collecting a problem for everything else.</summary>
internal sealed partial class HostJsonReader
{
    internal const string SectionPath = "extensions.durableTask";
    private const string ProviderPath = SectionPath + ".storageProvider";

    /// <summary>Durable Functions settings that mean nothing to this host; accepted so one host.json serves both.</summary>
    private static readonly HashSet<string> IgnoredDurableFunctionsKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "tracing", "notifications", "maxConcurrentEntityFunctions", "useGracefulShutdown",
    };

    private readonly List<HostJsonProblem> _problems = [];

    public IReadOnlyList<HostJsonProblem> Problems => _problems;

    public HostJsonSettings Read(JsonElement root, string source, string directory)
    {
        var settings = HostJsonSettings.Defaults(directory) with { Source = source };
        if (root.ValueKind != JsonValueKind.Object)
        {
            Problem("(root)", "", "host.json must hold a JSON object.");
            return settings;
        }

        if (Child(root, "(root)", "extensions") is not { } extensions || Child(extensions, "extensions", "durableTask") is not { } section)
        {
            return settings;
        }

        var provider = Child(section, SectionPath, "storageProvider");
        var backend = provider is { } p ? ReadBackend(p) : StorageBackend.Sqlite;
        settings = settings with { Backend = backend ?? StorageBackend.Sqlite };
        foreach (var (key, value) in Properties(section, SectionPath))
        {
            settings = ReadRootSetting(settings, key, value, backend);
        }

        return provider is { } providerSection ? ReadProvider(settings, providerSection, backend) : settings;
    }

    private HostJsonSettings ReadRootSetting(HostJsonSettings settings, string key, JsonElement value, StorageBackend? backend)
    {
        switch (key.ToUpperInvariant())
        {
            case "HUBNAME":
                return String(SectionPath, key, value) is { } hub && ValidHubName(hub, key) ? settings with { HubName = hub } : settings;
            case "STORAGEPROVIDER":
                return settings;
            case "MAXCONCURRENTACTIVITYFUNCTIONS":
                return Int(SectionPath, key, value, 1, 10_000) is { } activities ? settings with { MaxConcurrentActivityFunctions = activities } : settings;
            case "MAXCONCURRENTORCHESTRATORFUNCTIONS":
                return Int(SectionPath, key, value, 1, 10_000) is { } orchestrations ? settings with { MaxConcurrentOrchestratorFunctions = orchestrations } : settings;
            case "EXTENDEDSESSIONSENABLED":
                return Bool(SectionPath, key, value) is { } sessions ? settings with { ExtendedSessionsEnabled = sessions } : settings;
            case "EXTENDEDSESSIONIDLETIMEOUTINSECONDS":
                return Int(SectionPath, key, value, 1, 86_400) is { } idle ? settings with { ExtendedSessionIdleTimeoutInSeconds = idle } : settings;
            case "MAXENTITYOPERATIONBATCHSIZE":
                return Int(SectionPath, key, value, 1, 10_000) is { } batch ? settings with { MaxEntityOperationBatchSize = batch } : settings;
            case "ENTITYMESSAGEREORDERWINDOWINMINUTES":
                return OnlyFor(StorageBackend.AzureStorage, backend, SectionPath, key) && Int(SectionPath, key, value, 0, 1440) is { } window
                    ? settings with { EntityMessageReorderWindowInMinutes = window }
                    : settings;
            case "USEAPPLEASE":
                return OnlyFor(StorageBackend.AzureStorage, backend, SectionPath, key) && Bool(SectionPath, key, value) is { } lease
                    ? settings with { AzureStorage = settings.AzureStorage with { UseAppLease = lease } }
                    : settings;
            default:
                if (!IgnoredDurableFunctionsKeys.Contains(key))
                {
                    Problem(SectionPath, key, "unknown setting.");
                }

                return settings;
        }
    }

    private bool ValidHubName(string hub, string key)
    {
        if (TaskHubNames.IsValid(hub))
        {
            return true;
        }

        Problem(SectionPath, key, $"'{hub}' is not a valid task hub name: use {TaskHubNames.Rule}.");
        return false;
    }

    /// <summary>A child object by name (case-insensitive); a non-object value is a problem.</summary>
    private JsonElement? Child(JsonElement parent, string path, string name)
    {
        foreach (var (key, value) in Properties(parent, path, reportDuplicates: false))
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                if (value.ValueKind == JsonValueKind.Object)
                {
                    return value;
                }

                Problem(path, key, $"must be an object (was {Describe(value)}).");
                return null;
            }
        }

        return null;
    }

    private IEnumerable<(string Key, JsonElement Value)> Properties(JsonElement element, string path, bool reportDuplicates = true)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                if (reportDuplicates)
                {
                    Problem(path, property.Name, "set more than once (names are case-insensitive).");
                }

                continue;
            }

            yield return (property.Name, property.Value);
        }
    }

    private bool OnlyFor(StorageBackend wanted, StorageBackend? backend, string path, string key)
    {
        if (backend is null || backend == wanted)
        {
            return true;
        }

        Problem(path, key, $"applies only when storageProvider.type is {wanted} (it is {backend}).");
        return false;
    }

    private string? String(string path, string key, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString();
        }

        Problem(path, key, $"must be a non-empty string (was {Describe(value)}).");
        return null;
    }

    private int? Int(string path, string key, JsonElement value, int min, int max)
    {
        int number;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n))
        {
            number = n;
        }
        else if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
        {
            number = s;
        }
        else
        {
            Problem(path, key, $"must be a whole number (was {Describe(value)}).");
            return null;
        }

        if (number < min || number > max)
        {
            Problem(path, key, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max} (was {number})."));
            return null;
        }

        return number;
    }

    private bool? Bool(string path, string key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when bool.TryParse(value.GetString(), out var b):
                return b;
            default:
                Problem(path, key, $"must be true or false (was {Describe(value)}).");
                return null;
        }
    }

    private TimeSpan? Duration(string path, string key, JsonElement value, TimeSpan? min = null, TimeSpan? max = null)
    {
        // A bare number would parse as days ("30" is a month), so a time span must be written with colons.
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { } text || !text.Contains(':', StringComparison.Ordinal)
            || !TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            Problem(path, key, $"must be a time span like \"00:00:30\" (was {Describe(value)}).");
            return null;
        }

        var lower = min ?? TimeSpan.FromTicks(1);
        if (span < lower || (max is { } upper && span > upper))
        {
            var range = max is { } m ? $"between {lower:c} and {m:c}" : $"at least {lower:c}";
            Problem(path, key, $"must be {range} (was {span:c}).");
            return null;
        }

        return span;
    }

    private void Problem(string path, string key, string reason) => _problems.Add(new HostJsonProblem(path, key, reason));

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}

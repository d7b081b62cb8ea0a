using System.Text.Json;
using LoopFunctions.Durable.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace LoopFunctions.Durable.Configuration;

/// <summary>Reads host.json the way Azure Functions does for the settings this engine supports.</summary>
public static class HostJson
{
    private static readonly string[] ProviderTypes = ["Sqlite", "InMemory", "AzureStorage"];

    /// <summary>Reads and validates host.json; a missing file gives the defaults.</summary>
    /// <exception cref="HostJsonException">The file is not valid JSON, or a setting is unknown, of the wrong type or
    /// out of range; the message names the file, the setting and the reason.</exception>
    public static HostJsonSettings Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!File.Exists(full))
        {
            return new HostJsonSettings(new DurableTaskOptions(), new StorageProviderSettings(), directory);
        }

        try
        {
            using var stream = File.OpenRead(full);
            using var _ = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new HostJsonException($"{full}:{(ex.LineNumber ?? 0) + 1}: not valid JSON: {ex.Message}", ex);
        }

        var configuration = new ConfigurationBuilder().AddJsonFile(full, optional: false).Build();
        return Bind(configuration.GetSection("extensions:durableTask"), full, directory);
    }

    /// <summary>Binds an <c>extensions:durableTask</c> configuration section.</summary>
    public static HostJsonSettings Bind(IConfigurationSection section, string source, string directory)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new DurableTaskOptions();
        var provider = new StorageProviderSettings();
        try
        {
            section.Bind(options, o => o.ErrorOnUnknownConfiguration = false);
            section.GetSection("storageProvider").Bind(provider, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new HostJsonException($"{source}: extensions.durableTask: {ex.Message}", ex);
        }

        var errors = DurableTaskOptionsValidator.Errors(options).ToList();
        if (!ProviderTypes.Contains(provider.Type, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"extensions.durableTask.storageProvider.type: '{provider.Type}' is not one of {string.Join(", ", ProviderTypes)}.");
        }

        if (errors.Count > 0)
        {
            throw new HostJsonException($"{source}: " + string.Join(Environment.NewLine + "  ", errors));
        }

        return new HostJsonSettings(options, provider, directory);
    }
}

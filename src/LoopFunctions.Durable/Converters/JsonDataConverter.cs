using System.Text.Json;

namespace LoopFunctions.Durable.Converters;

/// <summary>The default converter: System.Text.Json with web defaults (camelCase, case-insensitive reads).</summary>
public sealed class JsonDataConverter(JsonSerializerOptions? options = null) : DataConverter
{
    /// <summary>The shared default instance.</summary>
    public static JsonDataConverter Default { get; } = new();

    private readonly JsonSerializerOptions _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public override string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), _options);

    /// <inheritdoc />
    public override object? Deserialize(string? data, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        if (data is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(data, targetType, _options);
        }
        catch (JsonException ex)
        {
            throw new PayloadFormatException(
                $"Cannot read the payload as {targetType.Name}: {ex.Message} Payload starts with: {Preview(data)}", ex);
        }
    }

    private static string Preview(string data) => data.Length <= 80 ? data : data[..80] + "...";
}

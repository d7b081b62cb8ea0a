namespace LoopFunctions.Durable.Converters;

/// <summary>Turns inputs, outputs, event payloads and custom status into the strings that are persisted.</summary>
/// <remarks>Must be deterministic: replay compares nothing by payload, but a converter that changes its output
/// between versions makes saved histories unreadable.</remarks>
public abstract class DataConverter
{
    public abstract string? Serialize(object? value);

    public abstract object? Deserialize(string? data, Type targetType);

    public T? Deserialize<T>(string? data) => data is null ? default : (T?)Deserialize(data, typeof(T));
}

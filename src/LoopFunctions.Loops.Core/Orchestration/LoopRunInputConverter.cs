using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Orchestration;

/// <summary>Reads a <see cref="LoopRunInput"/> keeping the exact JSON it was read from, and writes that JSON back
/// unchanged: the orchestrator hands its stored input to <c>LoadPlan</c>, and a replay must schedule the same bytes
/// the history recorded, whichever shape (and whichever writer) stored them.</summary>
internal sealed class LoopRunInputConverter : JsonConverter<LoopRunInput>
{
    public override LoopRunInput? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var fields = root.Deserialize<LoopRunInputFields>(options) ?? new LoopRunInputFields();
        return fields.ToInput(root.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, LoopRunInput value, JsonSerializerOptions options)
    {
        if (value.ReadFrom is { } raw)
        {
            writer.WriteRawValue(raw, skipInputValidation: true);
            return;
        }

        JsonSerializer.Serialize(writer, LoopRunInputFields.From(value), options);
    }
}

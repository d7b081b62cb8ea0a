using System.Text.Json;

namespace LoopFunctions.Loops;

/// <summary>How loop payloads (inputs, outputs, events, custom status) are written, in every host.</summary>
/// <remarks>System.Text.Json's web defaults (camelCase, case-insensitive reads): the isolated worker's convention, so
/// a loop's history and status read the same under <c>loopfn</c> and on Azure Functions.</remarks>
public static class LoopSerialization
{
    /// <summary>The shared options. Do not mutate.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}

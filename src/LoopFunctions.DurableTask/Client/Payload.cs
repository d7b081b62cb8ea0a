using System.Text;
using LoopFunctions.DurableTask.Hosting;

namespace LoopFunctions.DurableTask.Client;

/// <summary>The clients' payload rule: serialized with the engine's converter and refused over
/// <see cref="DurableEngineOptions.MaxPayloadBytes"/> before anything is sent.</summary>
internal static class Payload
{
    public static string? Serialize(DurableEngineOptions options, object? value, string what)
    {
        var json = options.DataConverter.Serialize(value);
        if (json is not null && Encoding.UTF8.GetByteCount(json) is var size && size > options.MaxPayloadBytes)
        {
            throw new PayloadTooLargeException(what, size, options.MaxPayloadBytes);
        }

        return json;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Agents.Transcripts;

/// <summary>The stored form of entries: one compact JSON object per line, UTF-8.</summary>
public static class TranscriptLines
{
    /// <summary>The serializer settings of a line: camel-case names, kinds in snake case, no null tool.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>One entry as a line, with its <c>\n</c>.</summary>
    public static byte[] Serialize(TranscriptEntry entry)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, Options);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>The complete lines of <paramref name="bytes"/> (read from <paramref name="offset"/>); an unfinished last
    /// line is left for the next read, and a line that is not an entry is skipped. Entries of an attempt's stream say
    /// which attempt they came from (<paramref name="attempt"/>): the lines themselves do not.</summary>
    public static TranscriptChunk Parse(ReadOnlySpan<byte> bytes, long offset, int? attempt = null)
    {
        var entries = new List<TranscriptEntry>();
        var end = bytes.LastIndexOf((byte)'\n');
        if (end < 0)
        {
            return new TranscriptChunk(entries, offset);
        }

        foreach (var range in bytes[..end].Split((byte)'\n'))
        {
            var line = bytes[range];
            if (line.IsEmpty)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<TranscriptEntry>(line, Options) is { Text: not null } entry)
                {
                    entries.Add(attempt is null ? entry : entry with { Attempt = attempt });
                }
            }
            catch (JsonException)
            {
                // Not ours (a torn write of a killed process is the only way): the rest of the transcript still reads.
            }
        }

        return new TranscriptChunk(entries, offset + end + 1);
    }

    /// <summary>The name of a transcript: <c>&lt;iteration&gt;.jsonl</c>, an attempt's
    /// <c>&lt;iteration&gt;-attempt-&lt;n&gt;.jsonl</c> (<see cref="TranscriptStream.FileName"/>).</summary>
    public static string FileName(TranscriptStream stream) => stream.FileName;

    /// <summary>The iteration a transcript's name stands for (its own or an attempt's), or null for another name.</summary>
    public static int? Iteration(string fileName) => TranscriptStream.Parse(fileName)?.Iteration;
}

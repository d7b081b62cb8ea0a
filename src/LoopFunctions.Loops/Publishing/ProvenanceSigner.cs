using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoopFunctions.Loops.Publishing;

/// <summary>
/// Signs and checks provenance records. The signature is HMAC-SHA256 (key: the UTF-8 bytes of the signing key) over
/// the canonical JSON of the record without its <c>signature</c> field: object keys sorted by ordinal order at every
/// level, no whitespace, strings escaped by System.Text.Json's relaxed encoder, numbers as written in the file.
/// Signer and verifier both canonicalize the parsed file text, so the signature does not depend on indentation.
/// </summary>
public static class ProvenanceSigner
{
    /// <summary>camelCase, indented: the form provenance.json is written in.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions Canonical = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record as provenance.json text with its signature.</summary>
    public static string SignToJson(ProvenanceRecord record, string key)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var node = JsonNode.Parse(JsonSerializer.Serialize(record with { Signature = null }, JsonOptions))!.AsObject();
        node.Remove("signature");
        node["signature"] = Sign(node, key);
        return node.ToJsonString(JsonOptions);
    }

    /// <summary>Null when <paramref name="json"/> is a record whose signature matches under <paramref name="key"/>,
    /// else what is wrong.</summary>
    public static string? CheckSignature(string json, string key)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrEmpty(key);
        JsonObject node;
        try
        {
            node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException ex)
        {
            return $"provenance.json is not valid JSON: {ex.Message}";
        }

        if (node["signature"] is not JsonValue value || !value.TryGetValue<string>(out var signature) || signature.Length == 0)
        {
            return "provenance.json has no signature";
        }

        node.Remove("signature");
        var expected = Convert.FromHexString(Sign(node, key));
        byte[] actual;
        try
        {
            actual = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return "provenance.json's signature is not hex";
        }

        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? null
            : "provenance.json's signature does not match: the record was altered or signed with another key";
    }

    private static string Sign(JsonNode node, string key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), CanonicalBytes(node)));

    private static byte[] CanonicalBytes(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Canonical))
        {
            Write(writer, node);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    Write(writer, child);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace LoopFunctions.Loops.Definitions;

/// <summary>The loop file's word for an enum value: its <see cref="JsonStringEnumMemberNameAttribute"/> name, the same
/// text JSON carries, so messages, listings and stored data all spell a value one way.</summary>
public static class EnumText
{
    private static readonly ConcurrentDictionary<(Type, string), string> Names = new();

    /// <summary>The value's JSON name (<c>on_success</c>), or its member name when it declares none.</summary>
    public static string Of<T>(T value) where T : struct, Enum
    {
        var member = value.ToString();
        return Names.GetOrAdd((typeof(T), member), static key =>
            key.Item1.GetField(key.Item2, BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? key.Item2);
    }

    /// <summary>The value whose JSON name is <paramref name="text"/> (exactly, as a loop file must write it), or null.</summary>
    public static T? Parse<T>(string? text) where T : struct, Enum =>
        text is null ? null : Enum.GetValues<T>().Select(v => (T?)v).FirstOrDefault(v => Of(v!.Value) == text);
}

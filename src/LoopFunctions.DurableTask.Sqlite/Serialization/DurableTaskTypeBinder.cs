using Newtonsoft.Json.Serialization;

namespace LoopFunctions.DurableTask.Sqlite.Serialization;

/// <summary>
/// Resolves the <c>$type</c> names of stored events to DurableTask.Core's own types and the few collection types they
/// hold, and refuses every other type: a stored row must never be able to make Newtonsoft instantiate an arbitrary
/// class.
/// </summary>
internal sealed class DurableTaskTypeBinder : ISerializationBinder
{
    private static readonly System.Reflection.Assembly Core = typeof(global::DurableTask.Core.TaskMessage).Assembly;
    private static readonly string CoreName = Core.GetName().Name!;

    private static readonly Dictionary<string, Type> Collections = new(StringComparer.Ordinal)
    {
        [Name(typeof(Dictionary<string, string>))] = typeof(Dictionary<string, string>),
        [Name(typeof(Dictionary<string, object>))] = typeof(Dictionary<string, object>),
        [Name(typeof(List<string>))] = typeof(List<string>),
    };

    public static DurableTaskTypeBinder Instance { get; } = new();

    public Type BindToType(string? assemblyName, string typeName)
    {
        if (string.Equals(assemblyName, CoreName, StringComparison.Ordinal)
            && typeName.StartsWith("DurableTask.Core.", StringComparison.Ordinal)
            && Core.GetType(typeName, throwOnError: false) is { } coreType)
        {
            return coreType;
        }

        if (assemblyName is null && Collections.TryGetValue(typeName, out var collection))
        {
            return collection;
        }

        throw new Newtonsoft.Json.JsonSerializationException(
            $"The stored type '{typeName}, {assemblyName}' is not a DurableTask.Core type; the SQLite provider reads only those.");
    }

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
    {
        ArgumentNullException.ThrowIfNull(serializedType);
        if (serializedType.Assembly == Core)
        {
            assemblyName = CoreName;
            typeName = serializedType.FullName;
            return;
        }

        // Collections carry a short alias instead of an assembly-qualified generic name ('|' between the arguments:
        // Newtonsoft splits a type name at its first comma outside square brackets).
        assemblyName = null;
        typeName = Name(serializedType);
    }

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join("|", type.GetGenericArguments().Select(Name))}>"
        : type.Name;
}

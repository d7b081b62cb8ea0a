using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace LoopFunctions.Loops.Tests.Architecture;

/// <summary>Which namespaces of a compiled assembly use which, read from its metadata: base types, interfaces,
/// fields, signatures, locals and every type, method and field a method body names. Compiler-generated types
/// (closures, async state machines) count for the type they are nested in.</summary>
/// <param name="Edges">Namespace to the namespaces it uses (never itself), every node a key.</param>
internal sealed record NamespaceGraph(IReadOnlyDictionary<string, IReadOnlySet<string>> Edges)
{
    /// <summary>The graph of the namespaces under <paramref name="root"/> in <paramref name="assembly"/>, each cut to
    /// <paramref name="depth"/> segments below the root (<c>(root)</c> for the root itself).</summary>
    public static NamespaceGraph Of(Assembly assembly, string root, int depth)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            if (Node(reader, handle, root, depth) is not { } from)
            {
                continue;
            }

            var targets = edges.TryGetValue(from, out var known) ? known : edges[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in Uses(reader, pe, handle))
            {
                if (Node(reader, used, root, depth) is { } to && to != from)
                {
                    targets.Add(to);
                }
            }
        }

        return new NamespaceGraph(edges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value, StringComparer.Ordinal));
    }

    /// <summary>The namespaces found.</summary>
    public IReadOnlySet<string> Nodes => Edges.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>The groups of namespaces that use each other, directly or through others.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles => StronglyConnected.Cycles(Edges);

    /// <summary>One line per namespace with what it uses, for a failure message.</summary>
    public override string ToString() =>
        string.Join('\n', Edges.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} -> {string.Join(", ", e.Value.Order(StringComparer.Ordinal))}"));

    private static string? Node(MetadataReader reader, TypeDefinitionHandle handle, string root, int depth)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = reader.GetTypeDefinition(outer);
        }

        var name = reader.GetString(type.Namespace);
        if (name == root)
        {
            return "(root)";
        }

        if (!name.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        return string.Join('.', name[(root.Length + 1)..].Split('.').Take(depth));
    }

    private static IEnumerable<TypeDefinitionHandle> Uses(MetadataReader reader, PEReader pe, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var used = ImmutableHashSet<TypeDefinitionHandle>.Empty;
        used = used.Union(Named(reader, type.BaseType));
        foreach (var implemented in type.GetInterfaceImplementations())
        {
            used = used.Union(Named(reader, reader.GetInterfaceImplementation(implemented).Interface));
        }

        foreach (var field in type.GetFields())
        {
            used = used.Union(reader.GetFieldDefinition(field).DecodeSignature(SignatureTypes.Instance, null));
        }

        foreach (var property in type.GetProperties())
        {
            used = used.Union(SignatureTypes.Of(reader.GetPropertyDefinition(property).DecodeSignature(SignatureTypes.Instance, null)));
        }

        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            used = used.Union(SignatureTypes.Of(method.DecodeSignature(SignatureTypes.Instance, null)));
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(SignatureTypes.Instance, null))
                {
                    used = used.Union(local);
                }
            }

            foreach (var token in IlTokens.Of(body))
            {
                used = used.Union(Named(reader, token));
            }
        }

        return used;
    }

    /// <summary>The types of this assembly a token names: a type itself, or the type declaring a member and the
    /// types in the member's signature.</summary>
    private static ImmutableHashSet<TypeDefinitionHandle> Named(MetadataReader reader, EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return [];
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return [(TypeDefinitionHandle)handle];
            case HandleKind.TypeSpecification:
                return reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(SignatureTypes.Instance, null);
            case HandleKind.MethodDefinition:
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                return SignatureTypes.Of(method.DecodeSignature(SignatureTypes.Instance, null)).Add(method.GetDeclaringType());
            case HandleKind.FieldDefinition:
                var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                return field.DecodeSignature(SignatureTypes.Instance, null).Add(field.GetDeclaringType());
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                var owner = Named(reader, member.Parent);
                return member.GetKind() == MemberReferenceKind.Method
                    ? owner.Union(SignatureTypes.Of(member.DecodeMethodSignature(SignatureTypes.Instance, null)))
                    : owner.Union(member.DecodeFieldSignature(SignatureTypes.Instance, null));
            case HandleKind.MethodSpecification:
                var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                return specification.DecodeSignature(SignatureTypes.Instance, null)
                    .Aggregate(Named(reader, specification.Method), (all, argument) => all.Union(argument));
            default:
                return [];
        }
    }
}

using System.Text;

namespace LoopFunctions.Durable.AzureStorage;

/// <summary>FNV-1a over UTF-8: the same partition for an instance id in every process and .NET version, which
/// <see cref="string.GetHashCode()"/> does not promise.</summary>
internal static class StableHash
{
    public static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }

    public static int Partition(string instanceId, int partitionCount) => (int)(Fnv1a(instanceId) % (uint)partitionCount);
}

namespace LoopFunctions.Loops.Tests.Architecture.Planted.Upper;

/// <summary>Half of a cycle planted for <see cref="NamespaceGraph"/>'s own test: it calls down, in a body only.</summary>
internal static class PlantedUpper
{
    public static int Depth() => Lower.PlantedLower.Depth() + 1;
}

namespace LoopFunctions.Loops.Tests.Architecture.Planted.Lower;

/// <summary>The other half: it names the upper namespace only through a local of a closure, so the cycle is seen
/// only if closures and locals count for their declaring type.</summary>
internal static class PlantedLower
{
    public static int Depth()
    {
        Func<Type> upper = () => typeof(Upper.PlantedUpper);
        return upper().Name.Length > 0 ? 0 : 1;
    }
}

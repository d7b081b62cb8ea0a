namespace LoopFunctions.Loops;

internal static class AssemblyMarker
{
}

namespace LoopFunctions.DurableTask;

internal static class AssemblyMarker;

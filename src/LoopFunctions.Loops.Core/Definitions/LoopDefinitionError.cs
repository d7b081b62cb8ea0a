namespace LoopFunctions.Loops.Definitions;

/// <summary>One problem in a loop file, at a 1-based line and column of the file.</summary>
public sealed record LoopDefinitionError(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

namespace LoopFunctions.Loops.Publishing;

/// <summary>One check of the last verification, as a provenance record states it.</summary>
public sealed record ProvenanceCheck(string Name, bool Passed, string Summary);

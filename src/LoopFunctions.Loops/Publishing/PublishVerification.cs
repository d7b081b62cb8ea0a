namespace LoopFunctions.Loops.Publishing;

/// <summary>The outcome of checking a published folder against its provenance record.</summary>
/// <param name="ProvenanceUrl">Where the record was read, without its query (a SAS is never echoed).</param>
/// <param name="Record">The record, when it could be read.</param>
/// <param name="FilesChecked">Files downloaded and hashed.</param>
/// <param name="Problems">Every mismatch; empty when the signature and every file match.</param>
public sealed record PublishVerification(string ProvenanceUrl, ProvenanceRecord? Record, int FilesChecked, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

namespace LoopFunctions.Host.Management;

/// <summary>Endpoint metadata: the base path a Durable Functions route was mapped under (the public
/// <c>/runtime/webhooks/durabletask</c> or the keyless <c>/durabletask</c>), so the URLs a start answers with lead
/// back to the same listener.</summary>
/// <param name="Path">The base path, without a trailing slash.</param>
/// <param name="ReadsOtherTaskHubs">The endpoint can read another task hub of the same SQLite file (the instance list).</param>
internal sealed record DurableApiBase(string Path, bool ReadsOtherTaskHubs = false);

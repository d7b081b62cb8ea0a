using LoopFunctions.Durable.InMemory;
using LoopFunctions.Durable.Storage;

namespace LoopFunctions.Durable.Tests.Providers;

/// <summary>The shared provider suite on the in-memory provider.</summary>
public sealed class InMemoryProviderTests : DurableProviderTests
{
    protected override IDurableStore CreateStore(TimeProvider? time = null) => new InMemoryDurableStore(time);

    protected override IDurableStore Reopen(IDurableStore store, TimeProvider? time = null) => store;
}

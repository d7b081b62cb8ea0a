namespace LoopFunctions.DurableTask.Tests.TestSupport;

/// <summary>The test classes that share one Azurite process; each uses its own task hubs.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

namespace Csnet.E2E.Tests.Harness;

/// <summary>The managed-plugin scenarios share one dockerd with csnet installed as a plugin; one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ManagedPluginCollection : ICollectionFixture<ManagedPluginFixture>
{
    public const string Name = "managed-plugin";
}

namespace Csnet.E2E.Tests.Harness;

/// <summary>All scenarios share one dockerd, so they run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "e2e";
}

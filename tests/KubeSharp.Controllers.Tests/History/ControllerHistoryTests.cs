using System.Runtime.CompilerServices;
using System.Text;
using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Controllers.History;
using KubeSharp.Controllers.Tests.Integration;

namespace KubeSharp.Controllers.Tests.History;

/// <summary>ControllerRevision history: names, hashes, ordering, equality, and creation with collisions on the real server.</summary>
public class ControllerHistoryTests(ControllersFixture fixture) : IClassFixture<ControllersFixture>
{
    private static ObjectMeta Parent(string name, string ns = "default") => new() { Name = name, Namespace = ns, Uid = "uid-" + name };

    private static RawExtension Data(string json) => new(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void NewRevision_IsNamedAndLabelledByItsHash_AndOwnedByTheParent()
    {
        var revision = ControllerHistory.NewRevision(Parent("web"), "apps/v1", "DaemonSet", new Dictionary<string, string> { ["app"] = "web" }, Data("""{"spec":{"template":{"$patch":"replace"}}}"""), 3, null);

        var hash = revision.Metadata.Labels![ControllerHistory.HashLabel];
        revision.Metadata.Name.ShouldBe("web-" + hash);
        revision.Metadata.Labels["app"].ShouldBe("web");
        revision.Revision.ShouldBe(3);
        revision.Metadata.Namespace.ShouldBe("default");
        var owner = revision.Metadata.OwnerReferences!.Single();
        (owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion).ShouldBe(("DaemonSet", "web", "uid-web", (bool?)true, (bool?)true));
        hash.ShouldAllBe(c => "bcdfghjklmnpqrstvwxz2456789".Contains(c));
    }

    [Fact]
    public void Hash_DependsOnDataAndCollisionCount()
    {
        var a = new ControllerRevision { Data = Data("""{"a":1}""") };
        var b = new ControllerRevision { Data = Data("""{"a":2}""") };
        ControllerHistory.Hash(a, null).ShouldBe(ControllerHistory.Hash(a.DeepCopy(), null));
        ControllerHistory.Hash(a, null).ShouldNotBe(ControllerHistory.Hash(b, null));
        ControllerHistory.Hash(a, 1).ShouldNotBe(ControllerHistory.Hash(a, null));
        ControllerHistory.Hash(a, 1).ShouldNotBe(ControllerHistory.Hash(a, 2));
    }

    [Fact]
    public void RevisionName_CapsThePrefix()
    {
        ControllerHistory.RevisionName(new string('a', 300), "xyz").ShouldBe(new string('a', 223) + "-xyz");
    }

    [Fact]
    public void Sorted_NextRevision_EqualRevision()
    {
        static ControllerRevision Rev(string name, long number, string json) => new() { Metadata = new ObjectMeta { Name = name }, Revision = number, Data = Data(json) };
        var revisions = new[] { Rev("c", 3, "{}"), Rev("a", 1, """{"x":1}"""), Rev("b", 1, """{"x":2}""") };

        ControllerHistory.Sorted(revisions).Select(r => r.Metadata.Name).ShouldBe(["a", "b", "c"]);
        ControllerHistory.NextRevision(revisions).ShouldBe(4);
        ControllerHistory.NextRevision([]).ShouldBe(1);
        ControllerHistory.EqualRevision(Rev("p", 1, """{"x": 1}"""), Rev("q", 2, """{"x":1}""")).ShouldBeTrue();
        ControllerHistory.EqualRevision(Rev("p", 1, """{"x":1}"""), Rev("q", 2, """{"x":2}""")).ShouldBeFalse();
        ControllerHistory.FindEqual(revisions, Rev("z", 9, """{"x":2}""")).Select(r => r.Metadata.Name).ShouldBe(["b"]);
    }

    // The fixture runs the garbage collector: a revision owned by a parent that does not exist would be collected.
    private static ControllerRevision Unowned(ControllerRevision revision)
    {
        revision.Metadata.OwnerReferences = null;
        return revision;
    }

    [Fact]
    public async Task CreateAsync_ReturnsAnEqualExistingRevision_AndProbesPastACollision()
    {
        var ns = new Namespace { Metadata = new ObjectMeta { Name = "history-test" } };
        await fixture.Client.Resource<Namespace>().CreateAsync(ns);
        var parent = Parent("ds", "history-test");
        var revision = Unowned(ControllerHistory.NewRevision(parent, "apps/v1", "DaemonSet", null, Data("""{"spec":{"template":{"metadata":{"labels":{"app":"ds"}}}}}"""), 1, null));
        var count = new StrongBox<int>(0);

        var created = await ControllerHistory.CreateAsync(fixture.Client, parent, revision, count, CancellationToken.None);
        created.Metadata.Name.ShouldBe(ControllerHistory.RevisionName("ds", ControllerHistory.Hash(revision, 0)));
        (await ControllerHistory.CreateAsync(fixture.Client, parent, revision, count, CancellationToken.None)).Metadata.Uid.ShouldBe(created.Metadata.Uid);
        count.Value.ShouldBe(0);

        // Another revision whose name (hash with the same collision count) is taken by different data.
        var other = Unowned(ControllerHistory.NewRevision(parent, "apps/v1", "DaemonSet", null, Data("""{"spec":{"template":{"metadata":{"labels":{"app":"other"}}}}}"""), 2, null));
        var squatter = other.DeepCopy();
        squatter.Metadata.Name = ControllerHistory.RevisionName("ds", ControllerHistory.Hash(other, 0));
        squatter.Data = Data("""{"unrelated":true}""");
        await fixture.Client.Resource<ControllerRevision>("history-test").CreateAsync(squatter);

        var probed = await ControllerHistory.CreateAsync(fixture.Client, parent, other, count, CancellationToken.None);
        count.Value.ShouldBe(1);
        probed.Metadata.Name.ShouldBe(ControllerHistory.RevisionName("ds", ControllerHistory.Hash(other, 1)));
        probed.Metadata.Labels![ControllerHistory.HashLabel].ShouldBe(ControllerHistory.Hash(other, 1));
        probed.Revision.ShouldBe(2);
    }
}

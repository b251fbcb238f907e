using System.Text;
using KubeSharp.Api.Registry;
using KubeSharp.ApiServer.Registry;
using CoreEvent = KubeSharp.Api.Core.V1.Event;

namespace KubeSharp.ApiServer.Tests.Conversion;

public sealed class ServedVersionsTests
{
    private static readonly ResourceCatalog Catalog = new(ResourceRegistry.Default, Strategies.For);

    [Fact]
    public void Catalog_ServesEveryListedVersion_OverOneStorage()
    {
        Catalog.Unserved.ShouldBeEmpty();

        Catalog.TryGet("events.k8s.io", "v1", "events", out var eventsV1).ShouldBeTrue();
        Catalog.TryGet("", "v1", "events", out var core).ShouldBeTrue();
        eventsV1.Storage.ShouldBeSameAs(core);
        eventsV1.KeyPrefix.ShouldBe("/registry/events");
        eventsV1.GroupResource.ShouldBe(new GroupResource("", "events"));
        eventsV1.Strategy.ShouldBeOfType<EventsV1Strategy>();

        Catalog.TryGet("autoscaling", "v1", "horizontalpodautoscalers", out var hpaV1).ShouldBeTrue();
        Catalog.TryGet("autoscaling", "v2", "horizontalpodautoscalers", out var hpaV2).ShouldBeTrue();
        hpaV2.IsStorageVersion.ShouldBeTrue();
        hpaV1.Storage.ShouldBeSameAs(hpaV2);

        // Caches and the store hold storage versions only.
        Catalog.All.ShouldAllBe(d => d.IsStorageVersion);
        Catalog.All.ShouldNotContain(eventsV1);
        Catalog.All.ShouldNotContain(hpaV1);
    }

    [Fact]
    public void CachedObject_EncodesEachVersionOnce()
    {
        Catalog.TryGet("events.k8s.io", "v1", "events", out var eventsV1).ShouldBeTrue();
        var core = eventsV1.Storage;
        var e = new CoreEvent { ApiVersion = "v1", Kind = "Event", Message = "hello", Reason = "R" };
        e.Metadata.Name = "e";
        e.Metadata.Namespace = "default";
        e.Metadata.ResourceVersion = "7";
        var cached = new CachedObject(core, core.Key("default", "e"), e, 7);

        var first = cached.JsonFor(eventsV1);
        cached.JsonFor(eventsV1).ShouldBeSameAs(first);
        cached.JsonFor(core).ShouldBeSameAs(cached.Json);

        var json = Encoding.UTF8.GetString(first);
        json.ShouldContain("\"apiVersion\":\"events.k8s.io/v1\"");
        json.ShouldContain("\"note\":\"hello\"");
        json.ShouldContain("\"resourceVersion\":\"7\"");
        Encoding.UTF8.GetString(cached.Json).ShouldContain("\"message\":\"hello\"");
        // Converting for a version leaves the shared object alone.
        ((CoreEvent)cached.Object).Message.ShouldBe("hello");
    }

    [Fact]
    public void EventStrategy_SelectsByInvolvedObjectAndSource()
    {
        Catalog.TryGet("", "v1", "events", out var core).ShouldBeTrue();
        var e = new CoreEvent { Reason = "Pulled", Type = "Normal", ReportingComponent = "kubelet" };
        e.Metadata.Name = "e";
        e.Metadata.Namespace = "default";
        e.InvolvedObject.Kind = "Pod";
        e.InvolvedObject.Name = "web-0";
        var cached = new CachedObject(core, core.Key("default", "e"), e, 1);

        cached.Fields["involvedObject.kind"].ShouldBe("Pod");
        cached.Fields["involvedObject.name"].ShouldBe("web-0");
        cached.Fields["reason"].ShouldBe("Pulled");
        cached.Fields["reportingComponent"].ShouldBe("kubelet");
        // Without a source component, upstream selects "source" by the reporting component.
        cached.Fields["source"].ShouldBe("kubelet");
        cached.Fields["type"].ShouldBe("Normal");
    }
}

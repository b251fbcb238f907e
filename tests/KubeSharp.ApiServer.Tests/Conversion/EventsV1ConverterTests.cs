using KubeSharp.Api;
using KubeSharp.Api.Serialization;
using KubeSharp.ApiServer.Conversion;
using CoreEvent = KubeSharp.Api.Core.V1.Event;
using EventsEvent = KubeSharp.Api.Events.V1.Event;

namespace KubeSharp.ApiServer.Tests.Conversion;

public sealed class EventsV1ConverterTests
{
    private static readonly EventsV1Converter Converter = EventsV1Converter.Instance;

    [Fact]
    public void CoreFixture_ToEventsV1AndBack_IsLossless()
    {
        var core = KubeJson.Deserialize<CoreEvent>(Fixture("core.v1.Event"));
        var events = (EventsEvent)Converter.FromStorage(core);
        events.ApiVersion = "events.k8s.io/v1";
        events.Kind = "Event";
        var back = (CoreEvent)Converter.ToStorage(events);
        back.ApiVersion = core.ApiVersion;
        back.Kind = core.Kind;

        KubeJson.Serialize(back).ShouldBe(KubeJson.Serialize(core));
    }

    [Fact]
    public void EventsFixture_ToCoreAndBack_IsLossless()
    {
        var events = KubeJson.Deserialize<EventsEvent>(Fixture("events.k8s.io.v1.Event"));
        var expected = KubeJson.Serialize(events);
        var core = (CoreEvent)Converter.ToStorage(KubeJson.Deserialize<EventsEvent>(Fixture("events.k8s.io.v1.Event")));
        var back = (EventsEvent)Converter.FromStorage(core);
        back.ApiVersion = events.ApiVersion;
        back.Kind = events.Kind;

        KubeJson.Serialize(back).ShouldBe(expected);
    }

    [Fact]
    public void FieldMapping_IsUpstreams()
    {
        var core = new CoreEvent
        {
            Message = "pulled image",
            Reason = "Pulled",
            Type = "Normal",
            Count = 3,
            FirstTimestamp = Time.Parse("2024-01-02T03:04:05Z"),
            LastTimestamp = Time.Parse("2024-01-02T03:04:06Z"),
            ReportingComponent = "kubelet",
            ReportingInstance = "node-1",
        };
        core.Metadata.Name = "e1";
        core.InvolvedObject.Kind = "Pod";
        core.InvolvedObject.Name = "web-0";
        core.Source.Component = "kubelet";
        core.Source.Host = "node-1";

        var events = (EventsEvent)Converter.FromStorage(core);

        events.Note.ShouldBe("pulled image");
        events.Regarding.Kind.ShouldBe("Pod");
        events.Regarding.Name.ShouldBe("web-0");
        events.DeprecatedCount.ShouldBe(3);
        events.DeprecatedFirstTimestamp.ShouldBe(core.FirstTimestamp);
        events.DeprecatedLastTimestamp.ShouldBe(core.LastTimestamp);
        events.DeprecatedSource.Component.ShouldBe("kubelet");
        events.DeprecatedSource.Host.ShouldBe("node-1");
        events.ReportingController.ShouldBe("kubelet");
        events.ReportingInstance.ShouldBe("node-1");
        // The stored object is shared by caches: conversion must not touch it.
        core.Message.ShouldBe("pulled image");
        events.Metadata.ShouldNotBeSameAs(core.Metadata);
    }

    [Theory]
    [InlineData("regarding.name", "involvedObject.name")]
    [InlineData("regarding.kind", "involvedObject.kind")]
    [InlineData("reportingController", "reportingComponent")]
    [InlineData("metadata.name", "metadata.name")]
    [InlineData("type", "type")]
    public void FieldLabels_MapToCoreSelectableFields(string label, string expected)
        => Converter.ConvertFieldLabel(label).ShouldBe(expected);

    [Fact]
    public void FieldLabels_CoreNamesAreNotEventsV1Labels()
    {
        Converter.ConvertFieldLabel("involvedObject.name").ShouldBeNull();
        Converter.ConvertFieldLabel("note").ShouldBeNull();
    }

    internal static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name + ".json"));
}

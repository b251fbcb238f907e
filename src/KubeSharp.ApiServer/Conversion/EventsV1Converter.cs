using KubeSharp.Api;
using CoreEvent = KubeSharp.Api.Core.V1.Event;
using CoreEventSeries = KubeSharp.Api.Core.V1.EventSeries;
using EventsEvent = KubeSharp.Api.Events.V1.Event;
using EventsEventSeries = KubeSharp.Api.Events.V1.EventSeries;

namespace KubeSharp.ApiServer.Conversion;

/// <summary>
/// events.k8s.io/v1 Event &lt;-&gt; core/v1 Event (the storage version: both are upstream's internal core Event), as
/// upstream's <c>pkg/apis/events/v1</c> conversion: regarding = involvedObject, note = message,
/// reportingController = reportingComponent, deprecatedSource/FirstTimestamp/LastTimestamp/Count = source,
/// firstTimestamp, lastTimestamp and count; everything else has the same name.
/// </summary>
public sealed class EventsV1Converter : IVersionConverter
{
    public static EventsV1Converter Instance { get; } = new();

    /// <summary>upstream's field label conversion for events.k8s.io Events (to the core Event's selectable fields).</summary>
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["reason"] = "reason",
        ["regarding.kind"] = "involvedObject.kind",
        ["regarding.namespace"] = "involvedObject.namespace",
        ["regarding.name"] = "involvedObject.name",
        ["regarding.uid"] = "involvedObject.uid",
        ["regarding.apiVersion"] = "involvedObject.apiVersion",
        ["regarding.resourceVersion"] = "involvedObject.resourceVersion",
        ["regarding.fieldPath"] = "involvedObject.fieldPath",
        ["reportingController"] = "reportingComponent",
        ["source"] = "source",
        ["type"] = "type",
        ["metadata.namespace"] = "metadata.namespace",
        ["metadata.name"] = "metadata.name",
    };

    public IKubeMetaObject ToStorage(IKubeMetaObject served)
    {
        var e = (EventsEvent)served;
        return new CoreEvent
        {
            Metadata = e.Metadata,
            InvolvedObject = e.Regarding,
            Reason = e.Reason,
            Message = e.Note,
            Source = e.DeprecatedSource,
            FirstTimestamp = e.DeprecatedFirstTimestamp,
            LastTimestamp = e.DeprecatedLastTimestamp,
            Count = e.DeprecatedCount,
            Type = e.Type,
            EventTime = e.EventTime,
            Series = e.Series is null ? null : new CoreEventSeries { Count = e.Series.Count, LastObservedTime = e.Series.LastObservedTime },
            Action = e.Action,
            Related = e.Related,
            ReportingComponent = e.ReportingController,
            ReportingInstance = e.ReportingInstance,
        };
    }

    public IKubeMetaObject FromStorage(IKubeMetaObject stored)
    {
        var c = ((CoreEvent)stored).DeepCopy();
        return new EventsEvent
        {
            Metadata = c.Metadata,
            EventTime = c.EventTime,
            Series = c.Series is null ? null : new EventsEventSeries { Count = c.Series.Count, LastObservedTime = c.Series.LastObservedTime },
            ReportingController = c.ReportingComponent,
            ReportingInstance = c.ReportingInstance,
            Action = c.Action,
            Reason = c.Reason,
            Regarding = c.InvolvedObject,
            Related = c.Related,
            Note = c.Message,
            Type = c.Type,
            DeprecatedSource = c.Source,
            DeprecatedFirstTimestamp = c.FirstTimestamp,
            DeprecatedLastTimestamp = c.LastTimestamp,
            DeprecatedCount = c.Count,
        };
    }

    public string? ConvertFieldLabel(string label) => FieldLabels.GetValueOrDefault(label);
}

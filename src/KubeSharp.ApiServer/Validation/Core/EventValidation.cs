using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;
using EventsV1 = KubeSharp.Api.Events.V1;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>
/// upstream's Event rules (<c>pkg/apis/core/validation/events.go</c>). Both core/v1 and events.k8s.io/v1 Events
/// are validated as upstream's internal Event, so paths use the internal names (<c>message</c>,
/// <c>involvedObject</c>) for either API; core/v1 gets only the legacy checks, events.k8s.io/v1 the strict ones.
/// </summary>
public static class EventValidation
{
    private const int ReportingInstanceLengthLimit = 128;
    private const int ActionLengthLimit = 128;
    private const int ReasonLengthLimit = 128;
    private const int NoteLengthLimit = 1024;

    /// <summary>upstream <c>ValidateEventCreate</c> for a core/v1 Event (legacy rules only).</summary>
    public static FieldErrorList ValidateCreate(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return Legacy(ev, coreV1: true);
    }

    /// <summary>upstream <c>ValidateEventUpdate</c> for a core/v1 Event (legacy rules only).</summary>
    public static FieldErrorList ValidateUpdate(Event ev, Event old)
    {
        ArgumentNullException.ThrowIfNull(ev);
        ArgumentNullException.ThrowIfNull(old);
        return Legacy(ev, coreV1: true);
    }

    /// <summary>upstream <c>ValidateEventCreate</c> for an events.k8s.io/v1 Event (legacy plus strict rules).</summary>
    public static FieldErrorList ValidateCreate(EventsV1.Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var e = ToInternal(ev);
        var errors = Legacy(e, coreV1: false);
        errors.AddRange(ObjectMetaValidation.Validate(e.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata")));
        Series(errors, e);
        if (e.EventTime.IsZero)
        {
            errors.Add(FieldError.Required(FieldPath.Root("eventTime"), string.Empty));
        }

        if (e.Type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("type"), string.Empty, "has invalid value: " + e.Type));
        }

        if (!e.FirstTimestamp.IsZero)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("firstTimestamp"), string.Empty, "needs to be unset"));
        }

        if (!e.LastTimestamp.IsZero)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("lastTimestamp"), string.Empty, "needs to be unset"));
        }

        if (e.Count != 0)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("count"), string.Empty, "needs to be unset"));
        }

        if (e.Source.Component.Length != 0 || e.Source.Host.Length != 0)
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("source"), string.Empty, "needs to be unset"));
        }

        return errors;
    }

    /// <summary>upstream <c>ValidateEventUpdate</c> for an events.k8s.io/v1 Event.</summary>
    public static FieldErrorList ValidateUpdate(EventsV1.Event ev, EventsV1.Event old)
    {
        ArgumentNullException.ThrowIfNull(ev);
        ArgumentNullException.ThrowIfNull(old);
        var e = ToInternal(ev);
        var o = ToInternal(old);
        var errors = Legacy(e, coreV1: false);
        errors.AddRange(ObjectMetaValidation.ValidateUpdate(e.Metadata, o.Metadata, FieldPath.Root("metadata")));
        if (!SeriesEqual(e.Series, o.Series))
        {
            Series(errors, e);
        }

        CommonValidation.Immutable(errors, ApiEquality.Equal(e.InvolvedObject, o.InvolvedObject), new GoValue("core.ObjectReference{...}"), FieldPath.Root("involvedObject"));
        CommonValidation.Immutable(errors, e.Reason == o.Reason, e.Reason, FieldPath.Root("reason"));
        CommonValidation.Immutable(errors, e.Message == o.Message, e.Message, FieldPath.Root("message"));
        CommonValidation.Immutable(errors, e.Source.Component == o.Source.Component && e.Source.Host == o.Source.Host,
            new GoValue("core.EventSource{Component:" + GoSyntax.Quote(e.Source.Component) + ", Host:" + GoSyntax.Quote(e.Source.Host) + "}"), FieldPath.Root("source"));
        CommonValidation.Immutable(errors, e.FirstTimestamp == o.FirstTimestamp, new GoValue(ObjectMetaValidation.GoTimeString(e.FirstTimestamp)), FieldPath.Root("firstTimestamp"));
        CommonValidation.Immutable(errors, e.LastTimestamp == o.LastTimestamp, new GoValue(ObjectMetaValidation.GoTimeString(e.LastTimestamp)), FieldPath.Root("lastTimestamp"));
        CommonValidation.Immutable(errors, e.Count == o.Count, e.Count, FieldPath.Root("count"));
        CommonValidation.Immutable(errors, e.Reason == o.Reason, e.Reason, FieldPath.Root("reason"));
        CommonValidation.Immutable(errors, e.Type == o.Type, e.Type, FieldPath.Root("type"));
        CommonValidation.Immutable(errors, e.EventTime == o.EventTime, new GoValue(ObjectMetaValidation.GoTimeString(e.EventTime.ToTime())), FieldPath.Root("eventTime"));
        CommonValidation.Immutable(errors, e.Action == o.Action, e.Action, FieldPath.Root("action"));
        CommonValidation.Immutable(errors, ApiEquality.Equal(e.Related, o.Related), e.Related is null ? "null" : new GoValue("core.ObjectReference{...}"), FieldPath.Root("related"));
        CommonValidation.Immutable(errors, e.ReportingComponent == o.ReportingComponent, e.ReportingComponent, FieldPath.Root("reportingController"));
        CommonValidation.Immutable(errors, e.ReportingInstance == o.ReportingInstance, e.ReportingInstance, FieldPath.Root("reportingInstance"));
        return errors;
    }

    /// <summary>upstream's conversion of an events.k8s.io/v1 Event to the internal (core) Event.</summary>
    internal static Event ToInternal(EventsV1.Event ev) => new()
    {
        Metadata = ev.Metadata,
        EventTime = ev.EventTime,
        Series = ev.Series is null ? null : new EventSeries { Count = ev.Series.Count, LastObservedTime = ev.Series.LastObservedTime },
        ReportingComponent = ev.ReportingController,
        ReportingInstance = ev.ReportingInstance,
        Action = ev.Action,
        Reason = ev.Reason,
        InvolvedObject = ev.Regarding,
        Related = ev.Related,
        Message = ev.Note,
        Type = ev.Type,
        Source = ev.DeprecatedSource,
        FirstTimestamp = ev.DeprecatedFirstTimestamp,
        LastTimestamp = ev.DeprecatedLastTimestamp,
        Count = ev.DeprecatedCount,
    };

    private static bool SeriesEqual(EventSeries? a, EventSeries? b) =>
        a is null || b is null ? a is null && b is null : a.Count == b.Count && a.LastObservedTime == b.LastObservedTime;

    private static void Series(FieldErrorList errors, Event e)
    {
        if (e.Series is { } series)
        {
            if (series.Count < 2)
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("series.count"), string.Empty, "should be at least 2"));
            }

            if (series.LastObservedTime.IsZero)
            {
                errors.Add(FieldError.Required(FieldPath.Root("series.lastObservedTime"), string.Empty));
            }
        }
    }

    /// <summary>upstream <c>legacyValidateEvent</c>.</summary>
    private static FieldErrorList Legacy(Event e, bool coreV1)
    {
        var errors = new FieldErrorList();
        var reportingField = coreV1 ? "reportingComponent" : "reportingController";
        var ns = e.Metadata.Namespace;
        var involvedNsPath = FieldPath.Root("involvedObject", "namespace");
        if (e.EventTime.IsZero)
        {
            if (e.InvolvedObject.Namespace.Length == 0)
            {
                if (ns.Length != 0 && ns != "default")
                {
                    errors.Add(FieldError.Invalid(involvedNsPath, e.InvolvedObject.Namespace, "does not match event.namespace"));
                }
            }
            else if (ns != e.InvolvedObject.Namespace)
            {
                errors.Add(FieldError.Invalid(involvedNsPath, e.InvolvedObject.Namespace, "does not match event.namespace"));
            }
        }
        else
        {
            if (e.InvolvedObject.Namespace.Length == 0 && ns != "default" && ns != "kube-system")
            {
                errors.Add(FieldError.Invalid(involvedNsPath, e.InvolvedObject.Namespace, "does not match event.namespace"));
            }

            if (e.ReportingComponent.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Root(reportingField), string.Empty));
            }

            CommonValidation.QualifiedName(errors, e.ReportingComponent, FieldPath.Root(reportingField));
            if (e.ReportingInstance.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Root("reportingInstance"), string.Empty));
            }

            if (e.ReportingInstance.Length > ReportingInstanceLengthLimit)
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("reportingInstance"), string.Empty, "can have at most 128 characters"));
            }

            if (e.Action.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Root("action"), string.Empty));
            }

            if (e.Action.Length > ActionLengthLimit)
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("action"), string.Empty, "can have at most 128 characters"));
            }

            if (e.Reason.Length == 0)
            {
                errors.Add(FieldError.Required(FieldPath.Root("reason"), string.Empty));
            }

            if (e.Reason.Length > ReasonLengthLimit)
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("reason"), string.Empty, "can have at most 128 characters"));
            }

            if (e.Message.Length > NoteLengthLimit)
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("message"), string.Empty, "can have at most 1024 characters"));
            }
        }

        foreach (var msg in ValueValidation.IsDNS1123Subdomain(ns))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("namespace"), ns, msg));
        }

        return errors;
    }
}

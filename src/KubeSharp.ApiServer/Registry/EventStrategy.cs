using KubeSharp.Api;
using KubeSharp.Api.Validation;
using CoreEvent = KubeSharp.Api.Core.V1.Event;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Events (upstream's <c>pkg/registry/core/event</c>): created and updated freely, selectable by the
/// involved object, reason, reporting component, source and type.</summary>
public class EventStrategy : GenericStrategy
{
    public static new EventStrategy Instance { get; } = new();

    public override bool AllowCreateOnUpdate => true;

    public override void AddSelectableFields(IKubeMetaObject obj, Dictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (obj is not CoreEvent e)
        {
            return;
        }
        var involved = e.InvolvedObject;
        fields["involvedObject.kind"] = involved.Kind;
        fields["involvedObject.namespace"] = involved.Namespace;
        fields["involvedObject.name"] = involved.Name;
        fields["involvedObject.uid"] = involved.Uid;
        fields["involvedObject.apiVersion"] = involved.ApiVersion;
        fields["involvedObject.resourceVersion"] = involved.ResourceVersion;
        fields["involvedObject.fieldPath"] = involved.FieldPath;
        fields["reason"] = e.Reason;
        fields["reportingComponent"] = e.ReportingComponent;
        fields["source"] = e.Source.Component.Length > 0 ? e.Source.Component : e.ReportingComponent;
        fields["type"] = e.Type;
    }
}

/// <summary>events.k8s.io Events: stored as core Events, validated as upstream validates a request in events.k8s.io/v1
/// (the strict rules: eventTime, reportingController, reportingInstance, action required; deprecated fields unset).</summary>
public sealed class EventsV1Strategy : EventStrategy
{
    public static new EventsV1Strategy Instance { get; } = new();

    public override FieldErrorList ValidateCreate(ResourceDefinition resource, IKubeMetaObject obj)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return base.ValidateCreate(resource, resource.FromStorage(obj));
    }

    public override FieldErrorList ValidateUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return base.ValidateUpdate(resource, resource.FromStorage(obj), resource.FromStorage(old));
    }
}

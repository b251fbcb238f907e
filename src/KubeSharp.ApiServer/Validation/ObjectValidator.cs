using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Batch.V1;
using KubeSharp.Api.Coordination.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Api.Policy.V1;
using KubeSharp.Api.Registry;
using KubeSharp.Api.Scheduling.V1;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Validation.Apps;
using KubeSharp.ApiServer.Validation.Autoscaling;
using KubeSharp.ApiServer.Validation.Batch;
using KubeSharp.ApiServer.Validation.Coordination;
using KubeSharp.ApiServer.Validation.Core;
using KubeSharp.ApiServer.Validation.Discovery;
using KubeSharp.ApiServer.Validation.Policy;
using KubeSharp.ApiServer.Validation.Scheduling;
using AutoscalingV1 = KubeSharp.Api.Autoscaling.V1;
using AutoscalingV2 = KubeSharp.Api.Autoscaling.V2;
using CoreEvent = KubeSharp.Api.Core.V1.Event;
using EventsEvent = KubeSharp.Api.Events.V1.Event;

namespace KubeSharp.ApiServer.Validation;

/// <summary>
/// The API server's validation entry point: what upstream's registry runs before storing an object
/// (<c>rest.BeforeCreate</c>/<c>BeforeUpdate</c>): the kind's strategy validation (dispatched on the CLR type,
/// without reflection), and the generic ObjectMeta rules every resource gets (path-segment names,
/// namespace by scope, update immutability). Objects are expected to be defaulted already.
/// </summary>
/// <remarks>
/// An empty list means valid; otherwise the errors become a 422 <c>Invalid</c> Status whose causes are the
/// errors in order. Upstream reports the generic metadata errors on create only when the kind's own checks pass,
/// and first on update; an update error reported more than once is listed once (upstream repeats it in the
/// causes; its message de-duplicates them).
/// </remarks>
public static class ObjectValidator
{
    /// <summary>Validates an object about to be created.</summary>
    public static FieldErrorList ValidateCreate(object obj, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(options);
        var errors = obj switch
        {
            Pod pod => PodValidation.ValidateCreate(pod, options),
            PodTemplate template => PodValidation.ValidatePodTemplate(template, options),
            ReplicationController rc => ReplicationControllerValidation.Validate(rc, options),
            Service service => ServiceValidation.Validate(service),
            Namespace ns => NamespaceValidation.Validate(ns),
            ConfigMap configMap => ConfigMapValidation.Validate(configMap),
            Secret secret => SecretValidation.Validate(secret),
            ServiceAccount account => ServiceAccountValidation.Validate(account),
            Node node => NodeValidation.Validate(node),
            Endpoints endpoints => EndpointsValidation.Validate(endpoints),
            CoreEvent ev => EventValidation.ValidateCreate(ev),
            EventsEvent ev => EventValidation.ValidateCreate(ev),
            Deployment deployment => DeploymentValidation.Validate(deployment, options),
            ReplicaSet replicaSet => ReplicaSetValidation.Validate(replicaSet, options),
            DaemonSet daemonSet => DaemonSetValidation.Validate(daemonSet, options),
            StatefulSet statefulSet => StatefulSetValidation.Validate(statefulSet, options),
            Job job => JobValidation.Validate(job, options),
            CronJob cronJob => CronJobValidation.Validate(cronJob, options),
            PodDisruptionBudget pdb => PodDisruptionBudgetValidation.Validate(pdb),
            AutoscalingV2.HorizontalPodAutoscaler hpa => HorizontalPodAutoscalerValidation.Validate(hpa),
            AutoscalingV1.HorizontalPodAutoscaler hpa => HorizontalPodAutoscalerValidation.Validate(hpa),
            PriorityClass pc => PriorityClassValidation.Validate(pc),
            Lease lease => LeaseValidation.Validate(lease),
            EndpointSlice slice => EndpointSliceValidation.Validate(slice),
            _ => new FieldErrorList(),
        };
        if (errors.Count != 0 || obj is not IKubeMetaObject metaObject)
        {
            return errors;
        }

        return ObjectMetaValidation.Validate(metaObject.Metadata, IsNamespaced(obj), ObjectMetaValidation.PathSegment, FieldPath.Root("metadata"), kubeFinalizers: false);
    }

    /// <summary>Validates a replacement of <paramref name="oldObj"/> by <paramref name="newObj"/> (same CLR type).</summary>
    public static FieldErrorList ValidateUpdate(object newObj, object oldObj, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(newObj);
        ArgumentNullException.ThrowIfNull(oldObj);
        ArgumentNullException.ThrowIfNull(options);
        var specific = (newObj, oldObj) switch
        {
            (Pod n, Pod o) => PodValidation.ValidateUpdate(n, o, options),
            (PodTemplate n, PodTemplate o) => PodValidation.ValidatePodTemplateUpdate(n, o, options),
            (ReplicationController n, ReplicationController o) => ReplicationControllerValidation.ValidateUpdate(n, o, options),
            (Service n, Service o) => ServiceValidation.ValidateUpdate(n, o),
            (Namespace n, Namespace o) => NamespaceValidation.ValidateUpdate(n, o),
            (ConfigMap n, ConfigMap o) => ConfigMapValidation.ValidateUpdate(n, o),
            (Secret n, Secret o) => SecretValidation.ValidateUpdate(n, o),
            (ServiceAccount n, ServiceAccount o) => ServiceAccountValidation.ValidateUpdate(n, o),
            (Node n, Node o) => NodeValidation.ValidateUpdate(n, o),
            (Endpoints n, Endpoints o) => EndpointsValidation.ValidateUpdate(n, o),
            (CoreEvent n, CoreEvent o) => EventValidation.ValidateUpdate(n, o),
            (EventsEvent n, EventsEvent o) => EventValidation.ValidateUpdate(n, o),
            (Deployment n, Deployment o) => DeploymentValidation.ValidateUpdate(n, o, options),
            (ReplicaSet n, ReplicaSet o) => ReplicaSetValidation.ValidateUpdate(n, o, options),
            (DaemonSet n, DaemonSet o) => DaemonSetValidation.ValidateUpdate(n, o, options),
            (StatefulSet n, StatefulSet o) => StatefulSetValidation.ValidateUpdate(n, o, options),
            (Job n, Job o) => JobValidation.ValidateUpdate(n, o, options),
            (CronJob n, CronJob o) => CronJobValidation.ValidateUpdate(n, o, options),
            (PodDisruptionBudget n, PodDisruptionBudget _) => PodDisruptionBudgetValidation.Validate(n),
            (AutoscalingV2.HorizontalPodAutoscaler n, AutoscalingV2.HorizontalPodAutoscaler o) => HorizontalPodAutoscalerValidation.ValidateUpdate(n, o),
            (AutoscalingV1.HorizontalPodAutoscaler n, AutoscalingV1.HorizontalPodAutoscaler o) => HorizontalPodAutoscalerValidation.ValidateUpdate(n, o),
            (PriorityClass n, PriorityClass o) => PriorityClassValidation.ValidateUpdate(n, o),
            (Lease n, Lease o) => LeaseValidation.ValidateUpdate(n, o),
            (EndpointSlice n, EndpointSlice o) => EndpointSliceValidation.ValidateUpdate(n, o),
            _ when newObj.GetType() != oldObj.GetType() => throw new ArgumentException("The new and old objects must have the same type.", nameof(oldObj)),
            _ => new FieldErrorList(),
        };
        return WithCommonUpdateFields(newObj, oldObj, specific);
    }

    /// <summary>
    /// Validates an update through the <c>/status</c> subresource, for kinds where upstream has a status
    /// strategy with its own rules; other kinds get the generic metadata update rules.
    /// </summary>
    public static FieldErrorList ValidateStatusUpdate(object newObj, object oldObj, ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(newObj);
        ArgumentNullException.ThrowIfNull(oldObj);
        ArgumentNullException.ThrowIfNull(options);
        var specific = (newObj, oldObj) switch
        {
            (Pod n, Pod o) => PodValidation.ValidateStatusUpdate(n, o),
            (ReplicationController n, ReplicationController o) => ReplicationControllerValidation.ValidateStatusUpdate(n, o),
            (Service n, Service o) => ServiceValidation.ValidateStatusUpdate(n, o),
            (Namespace n, Namespace o) => NamespaceValidation.ValidateStatusUpdate(n, o),
            (Node n, Node o) => NodeValidation.ValidateUpdate(n, o),
            (Deployment n, Deployment o) => DeploymentValidation.ValidateStatusUpdate(n, o),
            (ReplicaSet n, ReplicaSet o) => ReplicaSetValidation.ValidateStatusUpdate(n, o),
            (DaemonSet n, DaemonSet o) => DaemonSetValidation.ValidateStatusUpdate(n, o),
            (StatefulSet n, StatefulSet o) => StatefulSetValidation.ValidateStatusUpdate(n, o),
            (Job n, Job o) => JobValidation.ValidateStatusUpdate(n, o),
            (CronJob n, CronJob o) => CronJobValidation.ValidateStatusUpdate(n, o),
            (PodDisruptionBudget n, PodDisruptionBudget o) => PodDisruptionBudgetValidation.ValidateStatusUpdate(n, o),
            (AutoscalingV2.HorizontalPodAutoscaler n, AutoscalingV2.HorizontalPodAutoscaler o) => HorizontalPodAutoscalerValidation.ValidateStatusUpdate(n, o),
            (AutoscalingV1.HorizontalPodAutoscaler n, AutoscalingV1.HorizontalPodAutoscaler o) => HorizontalPodAutoscalerValidation.ValidateStatusUpdate(n, o),
            _ when newObj.GetType() != oldObj.GetType() => throw new ArgumentException("The new and old objects must have the same type.", nameof(oldObj)),
            _ => new FieldErrorList(),
        };
        return WithCommonUpdateFields(newObj, oldObj, specific);
    }

    /// <summary>
    /// Whether the object's kind is namespace-scoped, from the resource registry (by CLR type); unknown types are
    /// treated as namespaced.
    /// </summary>
    public static bool IsNamespaced(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        // The answer depends on the CLR type alone (the built-in registry is fixed): looked up once per type.
        return NamespacedByType.GetOrAdd(obj.GetType(), static type =>
        {
            foreach (var info in ApiTypes.ForType(type))
            {
                if (ResourceRegistry.Default.TryGetByKind(new GroupVersionKind(info.Group, info.Version, info.Kind), out var resource))
                {
                    return resource.Namespaced;
                }
            }

            return true;
        });
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> NamespacedByType = new();

    /// <summary>upstream's <c>validateCommonFields</c> (generic create and update rules) followed by the kind's errors.</summary>
    private static FieldErrorList WithCommonUpdateFields(object newObj, object oldObj, FieldErrorList specific)
    {
        if (newObj is not IKubeMetaObject newMeta || oldObj is not IKubeMetaObject oldMeta)
        {
            return specific;
        }

        var metaPath = FieldPath.Root("metadata");
        var all = ObjectMetaValidation.Validate(newMeta.Metadata, IsNamespaced(newObj), ObjectMetaValidation.PathSegment, metaPath, kubeFinalizers: false);
        all.AddRange(ObjectMetaValidation.ValidateUpdate(newMeta.Metadata, oldMeta.Metadata, metaPath, kubeFinalizers: false));
        all.AddRange(specific);
        if (all.Count < 2)
        {
            return all; // nothing to de-duplicate
        }

        var errors = new FieldErrorList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var error in all)
        {
            if (seen.Add(error.ToString()))
            {
                errors.Add(error);
            }
        }

        return errors;
    }
}

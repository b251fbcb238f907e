using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Autoscaling.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Errors;

namespace KubeSharp.ApiServer.Rest.Subresources;

/// <summary>The <c>/scale</c> view of deployments, replica sets, stateful sets and replication controllers
/// (upstream's scaleFromDeployment & co.): spec.replicas is the parent's, status.replicas and the selector (as a
/// label-selector string) come from the parent, and so do name, namespace, uid, resourceVersion and creation time.</summary>
public static class ScaleConversion
{
    /// <summary>Whether <paramref name="group"/>/<paramref name="resource"/> has a scale subresource.</summary>
    public static bool IsScalable(string group, string resource) => (group, resource) is
        ("apps", "deployments") or ("apps", "replicasets") or ("apps", "statefulsets") or ("", "replicationcontrollers");

    public static Scale ToScale(IKubeMetaObject parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var (replicas, statusReplicas, selector) = parent switch
        {
            Deployment d => (d.Spec.Replicas ?? 0, d.Status.Replicas, SelectorString(d.Spec.Selector)),
            ReplicaSet r => (r.Spec.Replicas ?? 0, r.Status.Replicas, SelectorString(r.Spec.Selector)),
            StatefulSet s => (s.Spec.Replicas ?? 0, s.Status.Replicas, SelectorString(s.Spec.Selector)),
            ReplicationController rc => (rc.Spec.Replicas ?? 0, rc.Status.Replicas, Selector.FromSet(rc.Spec.Selector).ToString()),
            _ => throw ApiErrors.BadRequest($"{parent.Kind} has no scale subresource"),
        };
        var meta = parent.Metadata;
        return new Scale
        {
            ApiVersion = Scale.KubeApiVersion,
            Kind = Scale.KubeKind,
            Metadata = new ObjectMeta
            {
                Name = meta.Name,
                Namespace = meta.Namespace,
                Uid = meta.Uid,
                ResourceVersion = meta.ResourceVersion,
                CreationTimestamp = meta.CreationTimestamp,
            },
            Spec = new ScaleSpec { Replicas = replicas },
            Status = new ScaleStatus { Replicas = statusReplicas, Selector = selector },
        };
    }

    /// <summary>Moves the scale's replicas into the parent.</summary>
    public static void SetReplicas(IKubeMetaObject parent, int replicas)
    {
        switch (parent)
        {
            case Deployment d:
                d.Spec.Replicas = replicas;
                break;
            case ReplicaSet r:
                r.Spec.Replicas = replicas;
                break;
            case StatefulSet s:
                s.Spec.Replicas = replicas;
                break;
            case ReplicationController rc:
                rc.Spec.Replicas = replicas;
                break;
            default:
                throw ApiErrors.BadRequest($"{parent.Kind} has no scale subresource");
        }
    }

    private static string SelectorString(LabelSelector? selector)
    {
        if (!selector.TryToSelector(out var parsed, out var error))
        {
            throw ApiErrors.BadRequest(error);
        }
        return parsed.ToString();
    }
}

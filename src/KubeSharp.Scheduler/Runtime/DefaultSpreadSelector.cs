using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Client.Cache;

namespace KubeSharp.Scheduler.Runtime;

/// <summary>
/// The selector PodTopologySpread's system default constraints spread a pod by (upstream's
/// <c>helper.DefaultSelector</c>): the selectors of the Services that select the pod, merged, then the selector of the
/// pod's controller when that is a ReplicationController, ReplicaSet or StatefulSet. An empty selector (a pod no
/// Service or such controller owns) means the default constraints do not apply to the pod.
/// </summary>
public sealed class DefaultSpreadSelector
{
    private readonly Lister<Service> _services;
    private readonly Lister<ReplicationController> _replicationControllers;
    private readonly Lister<ReplicaSet> _replicaSets;
    private readonly Lister<StatefulSet> _statefulSets;

    public DefaultSpreadSelector(Lister<Service> services, Lister<ReplicationController> replicationControllers, Lister<ReplicaSet> replicaSets, Lister<StatefulSet> statefulSets)
    {
        _services = services;
        _replicationControllers = replicationControllers;
        _replicaSets = replicaSets;
        _statefulSets = statefulSets;
    }

    /// <summary>The selector of <paramref name="pod"/>.</summary>
    public Selector For(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var ns = pod.Metadata.Namespace;
        var labelSet = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in _services.Namespace(ns).List())
        {
            // A Service without a selector selects nothing (not everything).
            if (service.Spec.Selector is { } serviceSelector && Selector.FromValidatedSet(serviceSelector).Matches(pod.Metadata.Labels))
            {
                Merge(labelSet, serviceSelector);
            }
        }

        var selector = Selector.FromValidatedSet(labelSet);
        var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
        if (owner is null)
        {
            return selector;
        }

        switch (owner.ApiVersion, owner.Kind)
        {
            case ("v1", "ReplicationController"):
                if (_replicationControllers.Namespace(ns).Get(owner.Name) is { } rc)
                {
                    Merge(labelSet, rc.Spec.Selector);
                    selector = Selector.FromValidatedSet(labelSet);
                }
                break;
            case ("apps/v1", "ReplicaSet"):
                if (_replicaSets.Namespace(ns).Get(owner.Name) is { } rs)
                {
                    selector = WithControllerSelector(selector, rs.Spec.Selector);
                }
                break;
            case ("apps/v1", "StatefulSet"):
                if (_statefulSets.Namespace(ns).Get(owner.Name) is { } ss)
                {
                    selector = WithControllerSelector(selector, ss.Spec.Selector);
                }
                break;
        }

        return selector;
    }

    /// <summary>labels.Merge: the later set's value wins for a key both have.</summary>
    private static void Merge(Dictionary<string, string> into, Dictionary<string, string>? from)
    {
        if (from is null)
        {
            return;
        }

        foreach (var (key, value) in from)
        {
            into[key] = value;
        }
    }

    /// <summary>Adds the controller's selector requirements; a selector that cannot be converted, or one that matches
    /// nothing (a missing selector), adds none, as upstream.</summary>
    private static Selector WithControllerSelector(Selector selector, Api.Meta.V1.LabelSelector? controllerSelector)
    {
        if (!controllerSelector.TryToSelector(out var other, out _) || other.MatchesNothing)
        {
            return selector;
        }

        return selector.Add(other.Requirements);
    }
}

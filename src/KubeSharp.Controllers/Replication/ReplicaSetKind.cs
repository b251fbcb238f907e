using KubeSharp.Api;
using KubeSharp.Api.Apps.V1;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Labels;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Controllers.Replication;

/// <summary>The status fields the replica controllers maintain (the same on ReplicaSet and ReplicationController).</summary>
public readonly record struct ReplicaStatus(int Replicas, int FullyLabeledReplicas, int ReadyReplicas, int AvailableReplicas, long ObservedGeneration);

/// <summary>
/// What the shared replica controller needs to know about its kind: ReplicaSet (apps/v1, label selector) or
/// ReplicationController (v1, map selector, template pointer). Upstream also runs one implementation for both (the
/// RC controller wraps the RS controller through conversion).
/// </summary>
public abstract class ReplicaSetKind<T>
    where T : class, IKubeMetaObject, IJsonModel<T>, IDeepCopyable<T>
{
    /// <summary>The controller name (<c>replicaset</c>, <c>replicationcontroller</c>).</summary>
    public abstract string ControllerName { get; }

    /// <summary>apiVersion of the kind.</summary>
    public abstract string ApiVersion { get; }

    /// <summary>The kind.</summary>
    public abstract string Kind { get; }

    /// <summary>spec.replicas (defaulted to 1).</summary>
    public abstract int Replicas(T obj);

    /// <summary>The selector; Nothing when absent or invalid.</summary>
    public abstract Selector Selector(T obj);

    /// <summary>spec.template.</summary>
    public abstract PodTemplateSpec? Template(T obj);

    /// <summary>spec.minReadySeconds.</summary>
    public abstract int MinReadySeconds(T obj);

    /// <summary>The status fields.</summary>
    public abstract ReplicaStatus GetStatus(T obj);

    /// <summary>Writes the status fields.</summary>
    public abstract void SetStatus(T obj, ReplicaStatus status);
}

/// <summary>ReplicaSet (apps/v1).</summary>
public sealed class ReplicaSetKindAdapter : ReplicaSetKind<ReplicaSet>
{
    /// <inheritdoc/>
    public override string ControllerName => "replicaset";

    /// <inheritdoc/>
    public override string ApiVersion => "apps/v1";

    /// <inheritdoc/>
    public override string Kind => "ReplicaSet";

    /// <inheritdoc/>
    public override int Replicas(ReplicaSet obj) => obj.Spec.Replicas ?? 1;

    /// <inheritdoc/>
    public override Selector Selector(ReplicaSet obj)
        => obj.Spec.Selector is { } s && s.TryToSelector(out var selector, out _) && !(s.MatchLabels is not { Count: > 0 } && s.MatchExpressions is not { Count: > 0 })
            ? selector
            : Api.Labels.Selector.Nothing;

    /// <inheritdoc/>
    public override PodTemplateSpec? Template(ReplicaSet obj) => obj.Spec.Template;

    /// <inheritdoc/>
    public override int MinReadySeconds(ReplicaSet obj) => obj.Spec.MinReadySeconds;

    /// <inheritdoc/>
    public override ReplicaStatus GetStatus(ReplicaSet obj)
        => new(obj.Status.Replicas, obj.Status.FullyLabeledReplicas, obj.Status.ReadyReplicas, obj.Status.AvailableReplicas, obj.Status.ObservedGeneration);

    /// <inheritdoc/>
    public override void SetStatus(ReplicaSet obj, ReplicaStatus status)
    {
        obj.Status.Replicas = status.Replicas;
        obj.Status.FullyLabeledReplicas = status.FullyLabeledReplicas;
        obj.Status.ReadyReplicas = status.ReadyReplicas;
        obj.Status.AvailableReplicas = status.AvailableReplicas;
        obj.Status.ObservedGeneration = status.ObservedGeneration;
    }
}

/// <summary>ReplicationController (v1).</summary>
public sealed class ReplicationControllerKindAdapter : ReplicaSetKind<ReplicationController>
{
    /// <inheritdoc/>
    public override string ControllerName => "replicationcontroller";

    /// <inheritdoc/>
    public override string ApiVersion => "v1";

    /// <inheritdoc/>
    public override string Kind => "ReplicationController";

    /// <inheritdoc/>
    public override int Replicas(ReplicationController obj) => obj.Spec.Replicas ?? 1;

    /// <inheritdoc/>
    public override Selector Selector(ReplicationController obj)
        => obj.Spec.Selector is { Count: > 0 } labels
            ? LabelSelectorConverter.ToSelector(labels, null)
            : Api.Labels.Selector.Nothing;

    /// <inheritdoc/>
    public override PodTemplateSpec? Template(ReplicationController obj) => obj.Spec.Template;

    /// <inheritdoc/>
    public override int MinReadySeconds(ReplicationController obj) => obj.Spec.MinReadySeconds;

    /// <inheritdoc/>
    public override ReplicaStatus GetStatus(ReplicationController obj)
        => new(obj.Status.Replicas, obj.Status.FullyLabeledReplicas, obj.Status.ReadyReplicas, obj.Status.AvailableReplicas, obj.Status.ObservedGeneration);

    /// <inheritdoc/>
    public override void SetStatus(ReplicationController obj, ReplicaStatus status)
    {
        obj.Status.Replicas = status.Replicas;
        obj.Status.FullyLabeledReplicas = status.FullyLabeledReplicas;
        obj.Status.ReadyReplicas = status.ReadyReplicas;
        obj.Status.AvailableReplicas = status.AvailableReplicas;
        obj.Status.ObservedGeneration = status.ObservedGeneration;
    }
}

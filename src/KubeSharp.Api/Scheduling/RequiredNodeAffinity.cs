using KubeSharp.Api.Core.V1;

namespace KubeSharp.Api.Scheduling;

using Node = KubeSharp.Api.Core.V1.Node;

/// <summary>
/// A pod's nodeSelector and required node affinity, compiled once (upstream's
/// <c>nodeaffinity.GetRequiredNodeAffinity</c>): a node matches when it has every nodeSelector label and matches one of
/// the required terms.
/// </summary>
public sealed class RequiredNodeAffinity
{
    private readonly Dictionary<string, string>? _nodeSelector;
    private readonly CompiledNodeSelector? _required;

    /// <summary>Compiles the pod's nodeSelector and required terms.</summary>
    public RequiredNodeAffinity(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Spec.NodeSelector is { Count: > 0 } selector)
        {
            _nodeSelector = selector;
        }

        if (pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is { } required)
        {
            _required = new CompiledNodeSelector(required.NodeSelectorTerms);
        }
    }

    /// <summary>Whether the node matches the selector and the terms.</summary>
    public bool Match(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Match(node.Metadata.Labels, node.Metadata.Name);
    }

    /// <summary>Whether a node with these labels and this name matches the selector and the terms.</summary>
    public bool Match(Dictionary<string, string>? labels, string nodeName)
    {
        if (_nodeSelector is not null)
        {
            foreach (var (key, value) in _nodeSelector)
            {
                if (labels is null || !labels.TryGetValue(key, out var v) || v != value)
                {
                    return false;
                }
            }
        }

        return _required is null || _required.Match(labels, nodeName);
    }

    /// <summary>Whether a node with these labels (<see cref="NodeLabels.ToPairs"/>) and this name matches the selector
    /// and the terms.</summary>
    public bool Match(KeyValuePair<string, string>[]? labels, string nodeName)
    {
        if (_nodeSelector is not null)
        {
            foreach (var (key, value) in _nodeSelector)
            {
                if (!NodeLabels.TryGetValue(labels, key, out var v) || v != value)
                {
                    return false;
                }
            }
        }

        return _required is null || _required.Match(labels, nodeName);
    }
}

using KubeSharp.Api.Labels;

namespace KubeSharp.ApiServer.Registry;

/// <summary>What a list or watch asks for: namespace, label and field selectors.</summary>
public sealed record ListFilter(string Namespace, Selector LabelSelector, KubeSharp.Api.Fields.Selector FieldSelector)
{
    public static ListFilter All { get; } = new("", Selector.Everything, KubeSharp.Api.Fields.Selector.Everything);

    public bool Matches(CachedObject obj)
        => (Namespace.Length == 0 || !obj.Resource.Namespaced || obj.Object.Metadata.Namespace == Namespace)
            && (LabelSelector.IsEmpty || LabelSelector.Matches(obj.Labels))
            && (FieldSelector.IsEmpty || obj.FieldsMatch(FieldSelector));
}

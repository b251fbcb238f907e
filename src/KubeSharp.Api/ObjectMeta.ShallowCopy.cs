namespace KubeSharp.Api.Meta.V1;

// Shallow copies for the API server's hot write paths (pods/binding, pods/status): a copy shares every field's value
// (lists, maps and nested objects included) with the original, so a caller that starts from an object others read
// (the watch cache's) replaces, never changes in place, whatever it alters.
public sealed partial class ObjectMeta
{
    /// <summary>A copy sharing every field's value with this one (labels, annotations, managedFields ... included).</summary>
    public ObjectMeta ShallowCopy() => (ObjectMeta)MemberwiseClone();
}

namespace KubeSharp.Api.Core.V1;

// Shallow copies for the API server's hot write paths (pods/binding, pods/status): a copy shares every field's value
// (lists, maps and nested objects included) with the original, so a caller that starts from an object others read
// (the watch cache's) replaces, never changes in place, whatever it alters.
public sealed partial class Pod
{
    /// <summary>A copy sharing metadata, spec and status with this one.</summary>
    public Pod ShallowCopy() => (Pod)MemberwiseClone();
}

public sealed partial class PodSpec
{
    /// <summary>A copy sharing every field's value with this one (containers, volumes ... included).</summary>
    public PodSpec ShallowCopy() => (PodSpec)MemberwiseClone();
}

public sealed partial class PodStatus
{
    /// <summary>A copy sharing every field's value with this one (conditions, container statuses ... included).</summary>
    public PodStatus ShallowCopy() => (PodStatus)MemberwiseClone();
}

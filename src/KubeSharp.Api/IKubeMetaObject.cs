using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Api;

/// <summary>A top-level API object with ObjectMeta (name, namespace, labels, resourceVersion, ...).</summary>
public interface IKubeMetaObject : IKubeObject
{
    /// <summary>Standard object metadata. Never null.</summary>
    ObjectMeta Metadata { get; set; }
}

using KubeSharp.Api.Meta.V1;

namespace KubeSharp.Controllers.Infrastructure;

/// <summary>metav1's owner reference helpers.</summary>
public static class OwnerReferences
{
    /// <summary>The reference with controller=true, if any (metav1.GetControllerOf).</summary>
    public static OwnerReference? GetControllerOf(ObjectMeta meta)
        => meta.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    /// <summary>A controller reference with blockOwnerDeletion (metav1.NewControllerRef).</summary>
    public static OwnerReference NewControllerRef(ObjectMeta owner, string apiVersion, string kind)
        => new() { ApiVersion = apiVersion, Kind = kind, Name = owner.Name, Uid = owner.Uid, Controller = true, BlockOwnerDeletion = true };

    /// <summary>The group of an apiVersion (<c>apps/v1</c> -> <c>apps</c>, <c>v1</c> -> "").</summary>
    public static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }
}

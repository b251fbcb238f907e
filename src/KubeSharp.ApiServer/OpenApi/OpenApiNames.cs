using System.Text;

namespace KubeSharp.ApiServer.OpenApi;

/// <summary>
/// Operation ids and tags as kube-apiserver names them (<c>GetOperationIDAndTags</c>): the route's operation
/// (<c>patchNamespacedConfigMap</c>) gets the group and version spliced in after its verb prefix
/// (<c>patchCoreV1NamespacedConfigMap</c>, <c>deleteRbacAuthorizationV1CollectionClusterRole</c>).
/// </summary>
public static class OpenApiNames
{
    private static readonly string[] VerbPrefixes =
        ["connect", "create", "deletecollection", "delete", "get", "list", "patch", "proxy", "read", "replace", "watch"];

    /// <summary>The group's part of operation ids: <c>Core</c> for the core group, otherwise the group without
    /// <c>.k8s.io</c>, camel-cased (<c>rbac.authorization.k8s.io</c> -> <c>RbacAuthorization</c>,
    /// <c>cert-manager.io</c> -> <c>CertManagerIo</c>).</summary>
    public static string GroupPart(string group, bool capitalizeFirst = true)
        => ToValidOperationId(group.Length == 0 ? "core" : TrimK8sIo(group), capitalizeFirst);

    /// <summary>The tag of a group version's operations: <c>core_v1</c>, <c>apps_v1</c>, <c>rbacAuthorization_v1</c>.</summary>
    public static string Tag(string group, string version) => GroupPart(group, capitalizeFirst: false) + "_" + version;

    /// <summary>The tag of a group's own document: <c>core</c>, <c>apps</c>, <c>rbacAuthorization</c>.</summary>
    public static string GroupTag(string group) => GroupPart(group, capitalizeFirst: false);

    /// <summary>Splices the group version into a route operation: <c>listNamespacedPod</c> in core/v1 gives
    /// <c>listCoreV1NamespacedPod</c>; <c>deleteCollectionNamespacedPod</c> gives <c>deleteCoreV1CollectionNamespacedPod</c>.</summary>
    public static string OperationId(string routeOperation, string group, string version)
    {
        ArgumentNullException.ThrowIfNull(routeOperation);
        var prefix = VerbPrefixes.FirstOrDefault(p => routeOperation.StartsWith(p, StringComparison.Ordinal)) ?? "";
        return prefix + GroupPart(group) + ToValidOperationId(version, true) + routeOperation[prefix.Length..];
    }

    /// <summary>Upper-cases the first letter (Go's <c>strings.Title</c> on one word): <c>scale</c> -> <c>Scale</c>.</summary>
    public static string Title(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    /// <summary>Upstream's <c>ToValidOperationID</c>: letters, digits (not first) and <c>_</c> are kept, anything
    /// else is dropped and capitalizes the next letter.</summary>
    public static string ToValidOperationId(string s, bool capitalizeFirst)
    {
        ArgumentNullException.ThrowIfNull(s);
        var builder = new StringBuilder(s.Length);
        var capitalize = capitalizeFirst;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsLetter(c) || c == '_' || (i != 0 && char.IsDigit(c)))
            {
                builder.Append(capitalize ? char.ToUpperInvariant(c) : c);
                capitalize = false;
            }
            else
            {
                capitalize = true;
            }
        }
        return builder.ToString();
    }

    private static string TrimK8sIo(string group)
        => group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
}

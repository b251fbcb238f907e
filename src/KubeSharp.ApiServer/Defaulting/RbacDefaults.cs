using KubeSharp.Api.Rbac.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>Defaults of <c>rbac.authorization.k8s.io/v1</c> bindings: the role reference's API group, and
/// each subject's (the RBAC group for users and groups, the core group for service accounts).</summary>
internal static class RbacDefaults
{
    /// <summary>The RBAC API group.</summary>
    public const string GroupName = "rbac.authorization.k8s.io";

    /// <summary>Defaults a RoleBinding.</summary>
    public static void RoleBinding(RoleBinding binding)
    {
        RoleRef(binding.RoleRef);
        Subjects(binding.Subjects);
    }

    /// <summary>Defaults a ClusterRoleBinding.</summary>
    public static void ClusterRoleBinding(ClusterRoleBinding binding)
    {
        RoleRef(binding.RoleRef);
        Subjects(binding.Subjects);
    }

    private static void RoleRef(RoleRef roleRef)
    {
        if (roleRef.ApiGroup.Length == 0)
        {
            roleRef.ApiGroup = GroupName;
        }
    }

    private static void Subjects(List<Subject>? subjects)
    {
        foreach (var subject in subjects ?? [])
        {
            if (subject.ApiGroup.Length == 0 && subject.Kind is "User" or "Group")
            {
                subject.ApiGroup = GroupName;
            }
        }
    }
}

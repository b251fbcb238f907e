using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Rbac.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// rolebindings and clusterrolebindings: NAME, ROLE (<c>ClusterRole/admin</c>), AGE; wide USERS, GROUPS,
/// SERVICEACCOUNTS (<c>namespace/name</c>), each joined by ", ".
/// </summary>
internal sealed class RoleBindingPrinter : ResourcePrinter
{
    private RoleBindingPrinter(string what)
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Role", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error."),
            TableColumn.AgeColumn,
            TableColumn.Str("Users", "Users in the " + what, 1),
            TableColumn.Str("Groups", "Groups in the " + what, 1),
            TableColumn.Str("ServiceAccounts", "ServiceAccounts in the " + what, 1))
    {
    }

    /// <summary>The rolebindings printer.</summary>
    public static RoleBindingPrinter ForRoleBindings() => new("roleBinding");

    /// <summary>The clusterrolebindings printer.</summary>
    public static RoleBindingPrinter ForClusterRoleBindings() => new("clusterRoleBinding");

    public override bool CanPrint(object obj) => obj is RoleBinding or ClusterRoleBinding;

    public override void Print(object obj, TableRowBuilder row)
    {
        var (metadata, roleRef, subjects) = obj is RoleBinding binding
            ? (binding.Metadata, binding.RoleRef, binding.Subjects)
            : (((ClusterRoleBinding)obj).Metadata, ((ClusterRoleBinding)obj).RoleRef, ((ClusterRoleBinding)obj).Subjects);
        Print(metadata, roleRef, subjects, row);
    }

    private static void Print(ObjectMeta metadata, RoleRef roleRef, List<Subject>? subjects, TableRowBuilder row)
    {
        var users = new List<string>();
        var groups = new List<string>();
        var serviceAccounts = new List<string>();
        if (subjects is not null)
        {
            foreach (var subject in subjects)
            {
                switch (subject.Kind)
                {
                    case "ServiceAccount":
                        serviceAccounts.Add(subject.Namespace + "/" + subject.Name);
                        break;
                    case "User":
                        users.Add(subject.Name);
                        break;
                    case "Group":
                        groups.Add(subject.Name);
                        break;
                    default:
                        break;
                }
            }
        }
        row.String(metadata.Name);
        row.String(roleRef.Kind + "/" + roleRef.Name);
        row.Age(metadata.CreationTimestamp);
        row.String(string.Join(", ", users));
        row.String(string.Join(", ", groups));
        row.String(string.Join(", ", serviceAccounts));
    }
}

using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>nodes: NAME, STATUS (<c>Ready</c>, <c>NotReady,SchedulingDisabled</c>, ...), ROLES, AGE, VERSION; wide INTERNAL-IP, EXTERNAL-IP, OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME.</summary>
internal sealed class NodePrinter : ResourcePrinter<Node>
{
    private const string RolePrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";
    private const string AddressesDescription = "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

    public NodePrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Status", "The status of the node"),
            TableColumn.Str("Roles", "The roles of the node"),
            TableColumn.AgeColumn,
            TableColumn.Str("Version", "Kubelet Version reported by the node."),
            TableColumn.Str("Internal-IP", AddressesDescription, 1),
            TableColumn.Str("External-IP", AddressesDescription, 1),
            TableColumn.Str("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
            TableColumn.Str("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
            TableColumn.Str("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1))
    {
    }

    protected override void Print(Node obj, TableRowBuilder row)
    {
        // Only the Ready condition is shown; the last one of that type wins, as in upstream's map.
        string? status = null;
        if (obj.Status.Conditions is { } conditions)
        {
            foreach (var condition in conditions)
            {
                if (condition.Type == "Ready")
                {
                    status = condition.Status == "True" ? "Ready" : "NotReady";
                }
            }
        }
        status ??= "Unknown";
        if (obj.Spec.Unschedulable)
        {
            status += ",SchedulingDisabled";
        }

        var info = obj.Status.NodeInfo;
        row.String(obj.Metadata.Name);
        row.String(status);
        row.StringOrNone(Roles(obj.Metadata.Labels));
        row.Age(obj.Metadata.CreationTimestamp);
        row.String(info.KubeletVersion);
        row.String(Address(obj, "InternalIP"));
        row.String(Address(obj, "ExternalIP"));
        row.String(info.OsImage.Length > 0 ? info.OsImage : "<unknown>");
        row.String(info.KernelVersion.Length > 0 ? info.KernelVersion : "<unknown>");
        row.String(info.ContainerRuntimeVersion.Length > 0 ? info.ContainerRuntimeVersion : "<unknown>");
    }

    /// <summary><c>findNodeRoles</c>: <c>node-role.kubernetes.io/&lt;role&gt;</c> keys and <c>kubernetes.io/role</c> values, sorted and distinct.</summary>
    private static string Roles(Dictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return "";
        }
        SortedSet<string>? roles = null;
        foreach (var (key, value) in labels)
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal))
            {
                if (key.Length > RolePrefix.Length)
                {
                    (roles ??= new(GoStringComparer.Instance)).Add(key[RolePrefix.Length..]);
                }
            }
            else if (key == RoleLabel && value.Length > 0)
            {
                (roles ??= new(GoStringComparer.Instance)).Add(value);
            }
        }
        return roles is null ? "" : string.Join(',', roles);
    }

    private static string Address(Node node, string type)
    {
        if (node.Status.Addresses is { } addresses)
        {
            foreach (var address in addresses)
            {
                if (address.Type == type)
                {
                    return address.Address;
                }
            }
        }
        return "<none>";
    }
}

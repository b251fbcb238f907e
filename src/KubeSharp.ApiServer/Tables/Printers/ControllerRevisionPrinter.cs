using KubeSharp.Api.Apps.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>controllerrevisions: NAME, CONTROLLER (<c>daemonset.apps/name</c>), REVISION, AGE.</summary>
internal sealed class ControllerRevisionPrinter : ResourcePrinter<ControllerRevision>
{
    public ControllerRevisionPrinter()
        : base(
            TableColumn.NameColumn,
            TableColumn.Str("Controller", "Controller of the object"),
            TableColumn.Str("Revision", "Revision indicates the revision of the state represented by Data."),
            TableColumn.AgeColumn)
    {
    }

    protected override void Print(ControllerRevision obj, TableRowBuilder row)
    {
        var controller = "<none>";
        if (obj.Metadata.OwnerReferences is { } owners)
        {
            foreach (var owner in owners)
            {
                if (owner.Controller == true)
                {
                    controller = FormatController(owner.ApiVersion, owner.Kind, owner.Name);
                    break;
                }
            }
        }
        row.String(obj.Metadata.Name);
        row.String(controller);
        row.Integer(obj.Revision);
        row.Age(obj.Metadata.CreationTimestamp);
    }

    /// <summary><c>formatResourceName</c> of the owner's group and kind: <c>kind.group/name</c> in lower case, or the name alone.</summary>
    private static string FormatController(string apiVersion, string kind, string name)
    {
        var group = ParseGroup(apiVersion);
        if (group.Length == 0 && kind.Length == 0)
        {
            return name;
        }
        var groupKind = group.Length == 0 ? kind : kind + "." + group;
        return groupKind.ToLowerInvariant() + "/" + name;
    }

    /// <summary>The group of Go's <c>schema.ParseGroupVersion</c>; an apiVersion with more than one '/' is an error there.</summary>
    private static string ParseGroup(string apiVersion)
    {
        if (apiVersion.Length == 0 || apiVersion == "/")
        {
            return "";
        }
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "";
        }
        if (apiVersion.IndexOf('/', slash + 1) >= 0)
        {
            throw new FormatException($"unexpected GroupVersion string: {apiVersion}");
        }
        return apiVersion[..slash];
    }
}

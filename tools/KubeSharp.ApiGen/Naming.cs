using System.Text;

namespace KubeSharp.ApiGen;

/// <summary>C# names for schema model names and JSON property names.</summary>
internal static class Naming
{
    private static readonly Dictionary<string, string> Segments = new()
    {
        ["admission"] = "Admission",
        ["admissionregistration"] = "AdmissionRegistration",
        ["apidiscovery"] = "ApiDiscovery",
        ["apps"] = "Apps",
        ["authentication"] = "Authentication",
        ["authorization"] = "Authorization",
        ["autoscaling"] = "Autoscaling",
        ["batch"] = "Batch",
        ["certificates"] = "Certificates",
        ["coordination"] = "Coordination",
        ["core"] = "Core",
        ["discovery"] = "Discovery",
        ["events"] = "Events",
        ["flowcontrol"] = "FlowControl",
        ["networking"] = "Networking",
        ["node"] = "Node",
        ["policy"] = "Policy",
        ["rbac"] = "Rbac",
        ["resource"] = "Resource",
        ["scheduling"] = "Scheduling",
        ["storage"] = "Storage",
        ["storagemigration"] = "StorageMigration",
        ["apiextensions"] = "ApiExtensions",
        ["apiregistration"] = "ApiRegistration",
        ["metrics"] = "Metrics",
        ["meta"] = "Meta",
    };

    /// <summary>Namespace and class name for a model name such as io.k8s.api.apps.v1.Deployment.</summary>
    public static (string Namespace, string ClassName) Place(string modelName)
    {
        var parts = modelName.Split('.');
        var className = parts[^1];
        var version = parts[^2];
        switch (modelName)
        {
            case "io.k8s.apimachinery.pkg.version.Info":
                return ("KubeSharp.Api.Meta", "VersionInfo");
            case "io.k8s.apimachinery.pkg.api.resource.Quantity":
            case "io.k8s.apimachinery.pkg.util.intstr.IntOrString":
            case "io.k8s.apimachinery.pkg.runtime.RawExtension":
                return ("KubeSharp.Api", className);
        }
        var group = parts[^3];
        if (!Segments.TryGetValue(group, out var groupName))
        {
            throw new InvalidOperationException($"no C# name for API group segment '{group}' ({modelName})");
        }
        return ($"KubeSharp.Api.{groupName}.{VersionName(version)}", className);
    }

    /// <summary>v1 -> V1, v1beta1 -> V1Beta1, v1alpha3 -> V1Alpha3.</summary>
    public static string VersionName(string version)
    {
        var sb = new StringBuilder();
        var upperNext = true;
        foreach (var c in version)
        {
            if (char.IsDigit(c))
            {
                sb.Append(c);
                upperNext = true;
                continue;
            }
            sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        return sb.ToString();
    }

    /// <summary>A C# property name for a JSON name: PascalCase, punctuation dropped
    /// (x-kubernetes-list-type -> XKubernetesListType, $ref -> Ref); a name equal to its class gets "Value".</summary>
    public static string PropertyName(string jsonName, string className)
    {
        var sb = new StringBuilder();
        var upperNext = true;
        foreach (var c in jsonName)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upperNext = true;
                continue;
            }
            sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }
        var name = sb.ToString();
        return name == className ? name + "Value" : name;
    }
}

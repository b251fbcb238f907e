using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Registry;

/// <summary>Name rules of upstream's ObjectMeta validation that depend on the resource.</summary>
public static class ObjectMetaRules
{
    private static readonly HashSet<string> DnsLabelNamed = new(StringComparer.Ordinal) { "namespaces", "services" };

    /// <summary>Validates metadata.name: DNS-1123 labels for namespaces and services, path segments for RBAC and a
    /// few others, DNS-1123 subdomains for everything else.</summary>
    public static FieldErrorList ValidateName(ResourceDefinition resource, string name)
    {
        var errors = new FieldErrorList();
        var path = FieldPath.Root("metadata").Child("name");
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required(path, "name or generateName is required"));
            return errors;
        }
        IReadOnlyList<string> problems;
        if (DnsLabelNamed.Contains(resource.Resource.Resource) && resource.Resource.Group.Length == 0)
        {
            problems = NameValidation.NameIsDNSLabel(name, prefix: false);
        }
        else if (resource.Resource.Group == "rbac.authorization.k8s.io")
        {
            problems = NameValidation.ValidatePathSegmentName(name, prefix: false);
        }
        else
        {
            problems = NameValidation.NameIsDNSSubdomain(name, prefix: false);
        }
        foreach (var problem in problems)
        {
            errors.Add(FieldError.Invalid(path, name, problem));
        }
        return errors;
    }
}

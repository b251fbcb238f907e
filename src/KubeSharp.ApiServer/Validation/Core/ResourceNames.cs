using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>
/// upstream's resource-name helpers (<c>pkg/apis/core/helper</c>): standard, native, extended, hugepages,
/// integer and overcommit rules, and <c>validateContainerResourceName</c>.
/// </summary>
public static class ResourceNames
{
    private static readonly string[] StandardResources =
    [
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services",
        "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage",
        "services.nodeports", "services.loadbalancers",
    ];

    private static readonly string[] IntegerResources =
        ["pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims", "services.nodeports", "services.loadbalancers"];

    /// <summary>upstream <c>IsHugePageResourceName</c>.</summary>
    public static bool IsHugePage(string name) => name.StartsWith("hugepages-", StringComparison.Ordinal);

    /// <summary>upstream <c>IsNativeResource</c>: unprefixed or in the kubernetes.io domain.</summary>
    public static bool IsNative(string name) =>
        !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>upstream <c>IsExtendedResourceName</c>.</summary>
    public static bool IsExtended(string name)
    {
        if (IsNative(name) || name.StartsWith("requests.", StringComparison.Ordinal))
        {
            return false;
        }

        return ValueValidation.IsQualifiedName("requests." + name).Count == 0;
    }

    /// <summary>upstream <c>IsOvercommitAllowed</c>.</summary>
    public static bool IsOvercommitAllowed(string name) => IsNative(name) && !IsHugePage(name);

    /// <summary>upstream <c>IsIntegerResourceName</c>.</summary>
    public static bool IsInteger(string name) => IntegerResources.Contains(name, StringComparer.Ordinal) || IsExtended(name);

    /// <summary>upstream <c>IsStandardResourceName</c>.</summary>
    public static bool IsStandard(string name) =>
        StandardResources.Contains(name, StringComparer.Ordinal)
        || name.StartsWith("hugepages-", StringComparison.Ordinal)
        || name.StartsWith("requests.hugepages-", StringComparison.Ordinal);

    /// <summary>upstream <c>validateResourceName</c>.</summary>
    public static void ValidateResourceName(FieldErrorList errors, string name, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        CommonValidation.QualifiedName(errors, name, path);
        if (errors.Count != before)
        {
            return;
        }

        if (!name.Contains('/', StringComparison.Ordinal) && !IsStandard(name))
        {
            errors.Add(FieldError.Invalid(path, name, "must be a standard resource type or fully qualified"));
        }
    }

    /// <summary>upstream <c>validateContainerResourceName</c>.</summary>
    public static void ValidateContainerResourceName(FieldErrorList errors, string name, FieldPath path)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ValidateResourceName(errors, name, path);
        if (!name.Contains('/', StringComparison.Ordinal))
        {
            if (name is not ("cpu" or "memory" or "ephemeral-storage") && !IsHugePage(name))
            {
                errors.Add(FieldError.Invalid(path, name, "must be a standard resource for containers"));
            }
        }
        else if (!IsNative(name) && !IsExtended(name))
        {
            errors.Add(FieldError.Invalid(path, name, "doesn't follow extended resource name standard"));
        }
    }
}

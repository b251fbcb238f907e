using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

/// <summary>upstream's ServiceAccount rules: metadata only (names are DNS subdomains).</summary>
public static class ServiceAccountValidation
{
    /// <summary>upstream <c>ValidateServiceAccount</c>.</summary>
    public static FieldErrorList Validate(ServiceAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ObjectMetaValidation.Validate(account.Metadata, true, ObjectMetaValidation.DnsSubdomain, FieldPath.Root("metadata"));
    }

    /// <summary>upstream <c>ValidateServiceAccountUpdate</c>.</summary>
    public static FieldErrorList ValidateUpdate(ServiceAccount account, ServiceAccount old)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ObjectMetaValidation.ValidateUpdate(account.Metadata, old.Metadata, FieldPath.Root("metadata"));
        errors.AddRange(Validate(account));
        return errors;
    }
}

using System.Globalization;
using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class ServiceValidation
{
    /// <summary>upstream <c>ValidateServiceClusterIPsRelatedFields</c> on its own (the allocators' pre-check).</summary>
    public static FieldErrorList ValidateClusterIPsRelatedFields(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var errors = new FieldErrorList();
        ClusterIPsRelatedFields(errors, service);
        return errors;
    }

    /// <summary>upstream <c>ValidateServiceClusterIPsRelatedFields</c>.</summary>
    private static void ClusterIPsRelatedFields(FieldErrorList errors, Service service)
    {
        var spec = service.Spec;
        if (spec.Type == "ExternalName")
        {
            return;
        }

        var specPath = FieldPath.Root("spec");
        var clusterIPsPath = specPath.Child("clusterIPs");
        var ips = spec.ClusterIPs ?? [];
        if (spec.ClusterIP.Length != 0)
        {
            if (ips.Count == 0)
            {
                errors.Add(FieldError.Required(clusterIPsPath, string.Empty));
            }
            else if (ips[0] != spec.ClusterIP)
            {
                errors.Add(FieldError.Invalid(clusterIPsPath, ips, "first value must match `clusterIP`"));
            }
        }
        else if (ips.Count != 0)
        {
            errors.Add(FieldError.Invalid(clusterIPsPath, ips, "must be empty when `clusterIP` is not specified"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (spec.IpFamilies?.Count ?? 0); i++)
        {
            var family = spec.IpFamilies![i];
            if (family is not ("IPv4" or "IPv6"))
            {
                errors.Add(FieldError.NotSupported(specPath.Child("ipFamilies").Index(i), family, ["IPv4", "IPv6"]));
            }

            if (!seen.Add(family))
            {
                errors.Add(FieldError.Duplicate(specPath.Child("ipFamilies").Index(i), family));
            }
        }

        if (spec.IpFamilyPolicy is { } policy && policy is not ("SingleStack" or "PreferDualStack" or "RequireDualStack"))
        {
            errors.Add(FieldError.NotSupported(specPath.Child("ipFamilyPolicy"), policy, ["PreferDualStack", "RequireDualStack", "SingleStack"]));
        }

        var invalid = false;
        for (var i = 0; i < ips.Count; i++)
        {
            if (i == 0 && ips[0] == "None")
            {
                if (ips.Count > 1)
                {
                    invalid = true;
                    errors.Add(FieldError.Invalid(clusterIPsPath, ips, "'None' must be the first and only value"));
                }

                continue;
            }

            var ipErrors = ValueValidation.IsValidIP(clusterIPsPath.Index(i), ips[i]);
            invalid |= ipErrors.Count != 0;
            errors.AddRange(ipErrors);
        }

        if (ips.Count > 2)
        {
            errors.Add(FieldError.Invalid(clusterIPsPath, ips, "may only hold up to 2 values"));
        }

        if (invalid)
        {
            return;
        }

        if (ips.Count > 1 && IsV6(ips[0]) == IsV6(ips[1]))
        {
            errors.Add(FieldError.Invalid(clusterIPsPath, ips, "may specify no more than one IP for each IP family"));
        }

        if (!IsHeadless(service) && ips.Count > 0 && spec.IpFamilies is { Count: > 0 } families)
        {
            for (var i = 0; i < ips.Count && i < families.Count; i++)
            {
                if (families[i] == "IPv4" && IsV6(ips[i]))
                {
                    errors.Add(FieldError.Invalid(clusterIPsPath.Index(i), ips[i], string.Create(CultureInfo.InvariantCulture, $"expected an IPv4 value as indicated by `ipFamilies[{i}]`")));
                }

                if (families[i] == "IPv6" && !IsV6(ips[i]))
                {
                    errors.Add(FieldError.Invalid(clusterIPsPath.Index(i), ips[i], string.Create(CultureInfo.InvariantCulture, $"expected an IPv6 value as indicated by `ipFamilies[{i}]`")));
                }
            }
        }
    }

    private static bool IsV6(string ip) => ValueValidation.IsValidIPv6Address(null, ip).Count == 0;

    private static void UpgradeDowngradeClusterIPs(FieldErrorList errors, Service old, Service service)
    {
        if (service.Spec.Type == "ExternalName" || old.Spec.Type == "ExternalName")
        {
            return;
        }

        if (IsHeadless(old) && IsHeadless(service))
        {
            return;
        }

        var oldIps = old.Spec.ClusterIPs ?? [];
        var newIps = service.Spec.ClusterIPs ?? [];
        var path = FieldPath.Root("spec", "clusterIPs");
        if (oldIps.Count == newIps.Count)
        {
            for (var i = 0; i < oldIps.Count; i++)
            {
                if (oldIps[i] != newIps[i])
                {
                    errors.Add(FieldError.Invalid(path.Index(i), newIps, "may not change once set"));
                }
            }
        }
        else if (oldIps.Count > newIps.Count)
        {
            if (newIps.Count == 0)
            {
                errors.Add(FieldError.Invalid(path.Index(0), newIps, "primary clusterIP can not be unset"));
            }

            if (oldIps.Count > 0 && newIps.Count > 0 && newIps[0] != oldIps[0])
            {
                errors.Add(FieldError.Invalid(path.Index(0), newIps, "may not change once set"));
            }

            if (newIps.Count == 1 && service.Spec.IpFamilyPolicy != "SingleStack")
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("spec", "ipFamilyPolicy"), service.Spec.IpFamilyPolicy ?? "null",
                    "must be set to 'SingleStack' when releasing the secondary clusterIP"));
            }
        }
        else if (oldIps.Count > 0 && newIps[0] != oldIps[0])
        {
            errors.Add(FieldError.Invalid(path.Index(0), newIps, "may not change once set"));
        }
    }

    private static void UpgradeDowngradeIPFamilies(FieldErrorList errors, Service old, Service service)
    {
        if (service.Spec.Type == "ExternalName" || old.Spec.Type == "ExternalName")
        {
            return;
        }

        if (IsHeadless(old) != IsHeadless(service) || IsHeadless(service))
        {
            return;
        }

        var oldFamilies = old.Spec.IpFamilies ?? [];
        var newFamilies = service.Spec.IpFamilies ?? [];
        var path = FieldPath.Root("spec", "ipFamilies");
        if (oldFamilies.Count == newFamilies.Count)
        {
            for (var i = 0; i < oldFamilies.Count; i++)
            {
                if (oldFamilies[i] != newFamilies[i])
                {
                    errors.Add(FieldError.Invalid(path.Index(0), newFamilies, "may not change once set"));
                }
            }
        }
        else if (oldFamilies.Count > newFamilies.Count)
        {
            if (newFamilies.Count == 0)
            {
                errors.Add(FieldError.Invalid(path.Index(0), newFamilies, "primary ipFamily can not be unset"));
            }

            if (oldFamilies.Count > 0 && newFamilies.Count > 0 && newFamilies[0] != oldFamilies[0])
            {
                errors.Add(FieldError.Invalid(path.Index(0), newFamilies, "may not change once set"));
            }

            if (newFamilies.Count == 1 && service.Spec.IpFamilyPolicy != "SingleStack")
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("spec", "ipFamilyPolicy"), service.Spec.IpFamilyPolicy ?? "null",
                    "must be set to 'SingleStack' when releasing the secondary ipFamily"));
            }
        }
        else if (oldFamilies.Count > 0 && newFamilies[0] != oldFamilies[0])
        {
            errors.Add(FieldError.Invalid(path.Index(0), newFamilies, "may not change once set"));
        }
    }
}

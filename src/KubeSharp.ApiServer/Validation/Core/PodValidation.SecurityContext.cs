using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    private const long MaxUserId = int.MaxValue;

    /// <summary>upstream <c>validatePodSpecSecurityContext</c>; host namespaces live in the internal security context.</summary>
    private static void PodSecurityContextRules(FieldErrorList errors, PodSpec spec, FieldPath path)
    {
        var sc = spec.SecurityContext;
        if (sc is not null)
        {
            if (sc.FsGroup is { } fsGroup)
            {
                IdRange(errors, fsGroup, path.Child("fsGroup"));
            }

            if (sc.RunAsUser is { } user)
            {
                IdRange(errors, user, path.Child("runAsUser"));
            }

            if (sc.RunAsGroup is { } group)
            {
                IdRange(errors, group, path.Child("runAsGroup"));
            }

            for (var i = 0; i < (sc.SupplementalGroups?.Count ?? 0); i++)
            {
                IdRange(errors, sc.SupplementalGroups![i], path.Child("supplementalGroups").Index(i));
            }
        }

        if (spec.ShareProcessNamespace == true && spec.HostPID)
        {
            errors.Add(FieldError.Invalid(path.Child("shareProcessNamespace"), true, "ShareProcessNamespace and HostPID cannot both be enabled"));
        }

        if (sc is null)
        {
            return;
        }

        if (sc.Sysctls is { Count: > 0 })
        {
            Sysctls(errors, sc.Sysctls, spec, path.Child("sysctls"));
        }

        if (sc.FsGroupChangePolicy is { } fsPolicy && fsPolicy is not ("OnRootMismatch" or "Always"))
        {
            errors.Add(FieldError.NotSupported(path.Child("fsGroupChangePolicy"), fsPolicy, ["Always", "OnRootMismatch"]));
        }

        SeccompProfile(errors, sc.SeccompProfile, path.Child("seccompProfile"));
        AppArmorProfile(errors, sc.AppArmorProfile, path.Child("appArmorProfile"));
        if (sc.SupplementalGroupsPolicy is { } sgp && sgp is not ("Merge" or "Strict"))
        {
            errors.Add(FieldError.NotSupported(path.Child("supplementalGroupsPolicy"), sgp, ["Merge", "Strict"]));
        }

        if (sc.SeLinuxChangePolicy is { } selinux && selinux is not ("MountOption" or "Recursive"))
        {
            errors.Add(FieldError.NotSupported(path.Child("seLinuxChangePolicy"), selinux, ["MountOption", "Recursive"]));
        }

    }

    private static void IdRange(FieldErrorList errors, long id, FieldPath path)
    {
        if (id < 0 || id > MaxUserId)
        {
            errors.Add(FieldError.Invalid(path, id, ValidationMessages.InclusiveRangeError(0, MaxUserId)));
        }
    }

    private static void Sysctls(FieldErrorList errors, List<Sysctl> sysctls, PodSpec spec, FieldPath path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sysctls.Count; i++)
        {
            var s = sysctls[i];
            var p = path.Index(i).Child("name");
            if (s.Name.Length == 0)
            {
                errors.Add(FieldError.Required(p, string.Empty));
            }
            else if (!IsValidSysctlName(s.Name))
            {
                errors.Add(FieldError.Invalid(p, s.Name,
                    "must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"));
            }
            else if (names.Contains(s.Name))
            {
                errors.Add(FieldError.Duplicate(p, s.Name));
            }

            var normalized = s.Name.Replace('/', '.');
            if (spec.HostNetwork && (normalized.StartsWith("net.", StringComparison.Ordinal)))
            {
                errors.Add(FieldError.Invalid(p, s.Name, "may not be specified when 'hostNetwork' is true"));
            }
            else if (spec.HostIPC && (normalized.StartsWith("kernel.shm", StringComparison.Ordinal) || normalized.StartsWith("kernel.msg", StringComparison.Ordinal)
                || normalized == "kernel.sem" || normalized.StartsWith("fs.mqueue.", StringComparison.Ordinal)))
            {
                errors.Add(FieldError.Invalid(p, s.Name, "may not be specified when 'hostIPC' is true"));
            }

            names.Add(s.Name);
        }
    }

    private static bool IsValidSysctlName(string name)
    {
        if (name.Length > 253)
        {
            return false;
        }

        var segments = name.Split('.', '/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || !IsLowerAlnum(segment[0]) || !IsLowerAlnum(segment[^1]))
            {
                return false;
            }

            foreach (var c in segment)
            {
                if (!IsLowerAlnum(c) && c is not ('-' or '_'))
                {
                    return false;
                }
            }
        }

        return true;

        static bool IsLowerAlnum(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
    }

    /// <summary>upstream <c>ValidateSecurityContext</c> (container level).</summary>
    private static void SecurityContextRules(FieldErrorList errors, SecurityContext? sc, FieldPath path, bool hostUsers, ValidationOptions options)
    {
        if (sc is null)
        {
            return;
        }

        if (sc.Privileged == true && !options.AllowPrivileged)
        {
            errors.Add(FieldError.Forbidden(path.Child("privileged"), "disallowed by cluster policy"));
        }

        if (sc.RunAsUser is { } user)
        {
            IdRange(errors, user, path.Child("runAsUser"));
        }

        if (sc.RunAsGroup is { } group)
        {
            IdRange(errors, group, path.Child("runAsGroup"));
        }

        if (sc.ProcMount is { } procMount)
        {
            if (procMount is not ("Default" or "Unmasked"))
            {
                errors.Add(FieldError.NotSupported(path.Child("procMount"), procMount, ["Default", "Unmasked"]));
            }

            if (hostUsers && procMount == "Unmasked")
            {
                errors.Add(FieldError.Invalid(path.Child("procMount"), procMount, "`hostUsers` must be false to use `Unmasked`"));
            }
        }

        SeccompProfile(errors, sc.SeccompProfile, path.Child("seccompProfile"));
        if (sc.AllowPrivilegeEscalation == false)
        {
            if (sc.Privileged == true)
            {
                errors.Add(FieldError.Invalid(path, new GoValue("core.SecurityContext{...}"), "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
            }

            foreach (var cap in sc.Capabilities?.Add ?? [])
            {
                if (cap == "CAP_SYS_ADMIN")
                {
                    errors.Add(FieldError.Invalid(path, new GoValue("core.SecurityContext{...}"), "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"));
                }
            }
        }

        AppArmorProfile(errors, sc.AppArmorProfile, path.Child("appArmorProfile"));
    }

    private static void SeccompProfile(FieldErrorList errors, SeccompProfile? profile, FieldPath path)
    {
        if (profile is null)
        {
            return;
        }

        switch (profile.Type)
        {
            case "Localhost":
            case "RuntimeDefault":
            case "Unconfined":
                break;
            case "":
                errors.Add(FieldError.Required(path.Child("type"), "type is required when seccompProfile is set"));
                break;
            default:
                errors.Add(FieldError.NotSupported(path.Child("type"), profile.Type, ["Localhost", "RuntimeDefault", "Unconfined"]));
                break;
        }

        if (profile.Type == "Localhost")
        {
            if (profile.LocalhostProfile is null)
            {
                errors.Add(FieldError.Required(path.Child("localhostProfile"), "must be set when seccomp type is Localhost"));
            }
            else
            {
                LocalDescendingPath(errors, profile.LocalhostProfile, path.Child("localhostProfile"));
            }
        }
        else if (profile.LocalhostProfile is not null)
        {
            errors.Add(FieldError.Invalid(path.Child("localhostProfile"),
                new GoValue("core.SeccompProfile{Type:" + GoSyntax.Quote(profile.Type) + ", LocalhostProfile:(*string)(0xc000000000)}"),
                "can only be set when seccomp type is Localhost"));
        }
    }

    private static void AppArmorProfile(FieldErrorList errors, AppArmorProfile? profile, FieldPath path)
    {
        if (profile is null)
        {
            return;
        }

        switch (profile.Type)
        {
            case "Localhost":
                if (profile.LocalhostProfile is null)
                {
                    errors.Add(FieldError.Required(path.Child("localhostProfile"), "must be set when AppArmor type is Localhost"));
                }
                else
                {
                    var trimmed = profile.LocalhostProfile.Trim();
                    if (trimmed != profile.LocalhostProfile)
                    {
                        errors.Add(FieldError.Invalid(path.Child("localhostProfile"), profile.LocalhostProfile, "must not be padded with whitespace"));
                    }
                    else if (trimmed.Length == 0)
                    {
                        errors.Add(FieldError.Required(path.Child("localhostProfile"), "must be set when AppArmor type is Localhost"));
                    }

                    if (profile.LocalhostProfile.Length > 4095)
                    {
                        errors.Add(FieldError.TooLong(path.Child("localhostProfile"), string.Empty, 4095));
                    }
                }

                break;
            case "RuntimeDefault":
            case "Unconfined":
                if (profile.LocalhostProfile is not null)
                {
                    errors.Add(FieldError.Invalid(path.Child("localhostProfile"), profile.LocalhostProfile, "can only be set when AppArmor type is Localhost"));
                }

                break;
            case "":
                errors.Add(FieldError.Required(path.Child("type"), "type is required when appArmorProfile is set"));
                break;
            default:
                errors.Add(FieldError.NotSupported(path.Child("type"), profile.Type, ["Localhost", "RuntimeDefault", "Unconfined"]));
                break;
        }
    }
}

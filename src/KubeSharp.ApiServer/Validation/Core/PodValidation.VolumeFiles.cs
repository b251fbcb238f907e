using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    private static void ProjectedVolume(FieldErrorList errors, ProjectedVolumeSource projection, FieldPath path)
    {
        FileMode(errors, projection.DefaultMode, path.Child("defaultMode"));
        var allPaths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (projection.Sources?.Count ?? 0); i++)
        {
            var source = projection.Sources![i];
            var sp = path.Child("sources").Index(i);
            var count = 0;
            if (source.Secret is { } secret)
            {
                count++;
                if (secret.Name.Length == 0)
                {
                    errors.Add(FieldError.Required(sp.Child("secret").Child("name"), string.Empty));
                }

                KeyToPaths(errors, secret.Items, sp.Child("secret").Child("items"), allPaths, (path, secret.Name));
            }

            if (source.ConfigMap is { } cm)
            {
                count++;
                if (cm.Name.Length == 0)
                {
                    errors.Add(FieldError.Required(sp.Child("configMap").Child("name"), string.Empty));
                }

                KeyToPaths(errors, cm.Items, sp.Child("configMap").Child("items"), allPaths, (path, cm.Name));
            }

            if (source.DownwardAPI is { } downward)
            {
                count++;
                foreach (var file in downward.Items ?? [])
                {
                    DownwardApiFile(errors, file, sp.Child("downwardAPI"));
                    if (file.Path.Length > 0 && !allPaths.Add(file.Path))
                    {
                        errors.Add(FieldError.Invalid(path, file.Path, "conflicting duplicate paths"));
                    }
                }
            }

            if (source.ServiceAccountToken is { } token)
            {
                count++;
                var tp = sp.Child("serviceAccountToken");
                var expiration = token.ExpirationSeconds ?? 3600;
                if (expiration < 600)
                {
                    errors.Add(FieldError.Invalid(tp.Child("expirationSeconds"), expiration, "may not specify a duration less than 10 minutes"));
                }

                if (expiration > 1L << 32)
                {
                    errors.Add(FieldError.Invalid(tp.Child("expirationSeconds"), expiration, "may not specify a duration larger than 2^32 seconds"));
                }

                if (token.Path.Length == 0)
                {
                    errors.Add(FieldError.Required(path.Child("path"), string.Empty));
                }
                else
                {
                    LocalNonReservedPath(errors, token.Path, path.Child("path"));
                }
            }

            if (source.ClusterTrustBundle is not null)
            {
                count++;
            }

            if (count > 1)
            {
                errors.Add(FieldError.Forbidden(sp, "may not specify more than 1 volume type per source"));
            }
        }
    }

    private static void KeyToPaths(FieldErrorList errors, List<KeyToPath>? items, FieldPath path, HashSet<string>? allPaths, (FieldPath Path, string Name)? conflict)
    {
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var kp = items![i];
            var p = path.Index(i);
            if (kp.Key.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("key"), string.Empty));
            }

            if (kp.Path.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("path"), string.Empty));
            }

            LocalNonReservedPath(errors, kp.Path, p.Child("path"));
            FileMode(errors, kp.Mode, p.Child("mode"));
            if (allPaths is not null && kp.Path.Length > 0 && !allPaths.Add(kp.Path))
            {
                errors.Add(FieldError.Invalid(conflict!.Value.Path, conflict.Value.Name, "conflicting duplicate paths"));
            }
        }
    }

    private static void DownwardApiFile(FieldErrorList errors, DownwardAPIVolumeFile file, FieldPath path)
    {
        if (file.Path.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("path"), string.Empty));
        }

        LocalNonReservedPath(errors, file.Path, path.Child("path"));
        if (file.FieldRef is { } fieldRef)
        {
            ObjectFieldSelector(errors, fieldRef, VolumeFieldPathExpressions, path.Child("fieldRef"));
            if (file.ResourceFieldRef is not null)
            {
                errors.Add(FieldError.Invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously"));
            }
        }
        else if (file.ResourceFieldRef is { } resourceRef)
        {
            ResourceFieldSelector(errors, resourceRef, path.Child("resourceFieldRef"), volume: true);
        }
        else
        {
            errors.Add(FieldError.Required(path, "one of fieldRef and resourceFieldRef is required"));
        }

        FileMode(errors, file.Mode, path.Child("mode"));
    }

    private static void FileMode(FieldErrorList errors, int? mode, FieldPath path)
    {
        if (mode is { } m && (m > 511 || m < 0))
        {
            errors.Add(FieldError.Invalid(path, m, FileModeErrorMsg));
        }
    }

    /// <summary>upstream <c>validateLocalDescendingPath</c>: relative and without '..' elements.</summary>
    internal static void LocalDescendingPath(FieldErrorList errors, string target, FieldPath path)
    {
        if (target.StartsWith('/'))
        {
            errors.Add(FieldError.Invalid(path, target, "must be a relative path"));
        }

        NoBacksteps(errors, target, path);
    }

    /// <summary>upstream <c>ValidateLocalNonReservedPath</c>.</summary>
    private static void LocalNonReservedPath(FieldErrorList errors, string target, FieldPath path)
    {
        LocalDescendingPath(errors, target, path);
        if (target.StartsWith("..", StringComparison.Ordinal) && !target.StartsWith("../", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(path, target, "must not start with '..'"));
        }
    }

    private static bool HasBacksteps(string target) => target.Split('/').Contains("..", StringComparer.Ordinal);

    private static void NoBacksteps(FieldErrorList errors, string target, FieldPath path)
    {
        if (HasBacksteps(target))
        {
            errors.Add(FieldError.Invalid(path, target, "must not contain '..'"));
        }
    }
}

using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    /// <summary>upstream <c>ValidateVolumeMounts</c>.</summary>
    private static void VolumeMounts(FieldErrorList errors, List<VolumeMount>? mounts, Dictionary<string, string> devices, Dictionary<string, Volume> volumes, Container container, FieldPath path)
    {
        if (mounts is not { Count: > 0 })
        {
            return;
        }

        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (mounts?.Count ?? 0); i++)
        {
            var mnt = mounts![i];
            var p = path.Index(i);
            if (mnt.Name.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("name"), string.Empty));
            }

            if (!volumes.ContainsKey(mnt.Name))
            {
                errors.Add(FieldError.NotFound(p.Child("name"), mnt.Name));
            }

            if (mnt.MountPath.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("mountPath"), string.Empty));
            }

            if (!mountPoints.Add(mnt.MountPath))
            {
                errors.Add(FieldError.Invalid(p.Child("mountPath"), mnt.MountPath, "must be unique"));
            }

            if (devices.ContainsKey(mnt.Name))
            {
                errors.Add(FieldError.Invalid(p.Child("name"), mnt.Name, "must not already exist in volumeDevices"));
            }

            if (devices.ContainsValue(mnt.MountPath))
            {
                errors.Add(FieldError.Invalid(p.Child("mountPath"), mnt.MountPath, "must not already exist as a path in volumeDevices"));
            }

            if (volumes.TryGetValue(mnt.Name, out var v) && v.Image is not null)
            {
                if (mnt.SubPath.Length != 0)
                {
                    errors.Add(FieldError.Invalid(p.Child("subPath"), mnt.SubPath, "not allowed in image volume sources"));
                }

                if (mnt.SubPathExpr.Length != 0)
                {
                    errors.Add(FieldError.Invalid(p.Child("subPathExpr"), mnt.SubPathExpr, "not allowed in image volume sources"));
                }
            }

            if (mnt.SubPath.Length > 0)
            {
                LocalDescendingPath(errors, mnt.SubPath, path.Child("subPath"));
            }

            if (mnt.SubPathExpr.Length > 0)
            {
                if (mnt.SubPath.Length > 0)
                {
                    errors.Add(FieldError.Invalid(p.Child("subPathExpr"), mnt.SubPathExpr, "subPathExpr and subPath are mutually exclusive"));
                }

                LocalDescendingPath(errors, mnt.SubPathExpr, path.Child("subPathExpr"));
            }

            if (mnt.MountPropagation is { } propagation)
            {
                var propagationPath = path.Child("mountPropagation");
                if (propagation is not ("Bidirectional" or "HostToContainer" or "None"))
                {
                    errors.Add(FieldError.NotSupported(propagationPath, propagation, ["Bidirectional", "HostToContainer", "None"]));
                }

                if (propagation == "Bidirectional" && container.SecurityContext?.Privileged != true)
                {
                    errors.Add(FieldError.Forbidden(propagationPath, "Bidirectional mount propagation is available only to privileged containers"));
                }
            }

            if (mnt.RecursiveReadOnly is { } rro)
            {
                var rroPath = path.Child("recursiveReadOnly");
                switch (rro)
                {
                    case "Disabled":
                        break;
                    case "Enabled":
                    case "IfPossible":
                        if (!mnt.ReadOnly)
                        {
                            errors.Add(FieldError.Forbidden(rroPath, "may only be specified when readOnly is true"));
                        }

                        if (mnt.MountPropagation is { } mp && mp != "None")
                        {
                            errors.Add(FieldError.Forbidden(rroPath, "may only be specified when mountPropagation is None or not specified"));
                        }

                        break;
                    default:
                        errors.Add(FieldError.NotSupported(rroPath, rro, ["Disabled", "Enabled", "IfPossible"]));
                        break;
                }
            }
        }
    }

    /// <summary>upstream <c>ValidateVolumeDevices</c>.</summary>
    private static void VolumeDevices(FieldErrorList errors, List<VolumeDevice>? devices, Dictionary<string, string> mounts, Dictionary<string, Volume> volumes, FieldPath path)
    {
        if (devices is not { Count: > 0 })
        {
            return;
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (devices?.Count ?? 0); i++)
        {
            var dev = devices![i];
            var p = path.Index(i);
            var matched = volumes.TryGetValue(dev.Name, out var volume);
            var isPvc = matched && (volume!.PersistentVolumeClaim is not null || volume.Ephemeral is not null);
            if (dev.Name.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("name"), string.Empty));
            }

            if (names.Contains(dev.Name))
            {
                errors.Add(FieldError.Invalid(p.Child("name"), dev.Name, "must be unique"));
            }

            if (matched && !isPvc)
            {
                errors.Add(FieldError.Invalid(p.Child("name"), dev.Name, "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"));
            }

            if (!matched)
            {
                errors.Add(FieldError.NotFound(p.Child("name"), dev.Name));
            }

            if (dev.DevicePath.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("devicePath"), string.Empty));
            }

            if (paths.Contains(dev.DevicePath))
            {
                errors.Add(FieldError.Invalid(p.Child("devicePath"), dev.DevicePath, "must be unique"));
            }

            if (dev.DevicePath.Length > 0 && HasBacksteps(dev.DevicePath))
            {
                errors.Add(FieldError.Invalid(p.Child("devicePath"), dev.DevicePath, "can not contain backsteps ('..')"));
            }
            else
            {
                paths.Add(dev.DevicePath);
            }

            if (mounts.ContainsKey(dev.Name))
            {
                errors.Add(FieldError.Invalid(p.Child("name"), dev.Name, "must not already exist in volumeMounts"));
            }

            if (mounts.ContainsValue(dev.DevicePath))
            {
                errors.Add(FieldError.Invalid(p.Child("devicePath"), dev.DevicePath, "must not already exist as a path in volumeMounts"));
            }

            if (dev.Name.Length > 0)
            {
                names.Add(dev.Name);
            }
        }
    }
}

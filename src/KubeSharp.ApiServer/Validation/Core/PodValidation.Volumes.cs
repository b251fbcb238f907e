using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Meta.V1;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Validation.Core;

public static partial class PodValidation
{
    private const string FileModeErrorMsg = "must be a number between 0 and 0777 (octal), both inclusive";
    private const string MoreThanOneVolumeType = "may not specify more than 1 volume type";

    /// <summary>upstream <c>ValidateVolumes</c>: returns the valid volumes by name.</summary>
    private static Dictionary<string, Volume> ValidateVolumes(FieldErrorList errors, List<Volume>? volumes, ObjectMeta? podMeta, FieldPath path)
    {
        var result = new Dictionary<string, Volume>(StringComparer.Ordinal);
        var createdPvcs = new HashSet<string>(StringComparer.Ordinal);
        if (volumes is not { Count: > 0 })
        {
            return result;
        }

        if (podMeta is { Name.Length: > 0 })
        {
            foreach (var v in volumes ?? [])
            {
                if (v.Ephemeral is not null)
                {
                    createdPvcs.Add(podMeta.Name + "-" + v.Name);
                }
            }
        }

        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var vol = volumes![i];
            var p = path.Index(i);
            var namePath = p.Child("name");
            var el = new FieldErrorList();
            VolumeSource(el, vol, p, podMeta);
            if (vol.Name.Length == 0)
            {
                el.Add(FieldError.Required(namePath, string.Empty));
            }
            else
            {
                CommonValidation.DNS1123Label(el, vol.Name, namePath);
            }

            if (result.ContainsKey(vol.Name))
            {
                el.Add(FieldError.Duplicate(namePath, vol.Name));
            }

            if (el.Count == 0)
            {
                result[vol.Name] = vol;
            }
            else
            {
                errors.AddRange(el);
            }

            if (vol.PersistentVolumeClaim is { } claim && createdPvcs.Contains(claim.ClaimName))
            {
                errors.Add(FieldError.Invalid(p.Child("persistentVolumeClaim").Child("claimName"), claim.ClaimName,
                    "must not reference a PVC that gets created for an ephemeral volume"));
            }
        }

        return result;
    }

    /// <summary>upstream <c>validateVolumeSource</c>: exactly one source, checked in upstream's order.</summary>
    private static void VolumeSource(FieldErrorList errors, Volume v, FieldPath path, ObjectMeta? podMeta)
    {
        var count = 0;

        bool Take(object? source, string name)
        {
            if (source is null)
            {
                return false;
            }

            if (count > 0)
            {
                errors.Add(FieldError.Forbidden(path.Child(name), MoreThanOneVolumeType));
                return false;
            }

            count++;
            return true;
        }

        if (v.EmptyDir is { } emptyDir)
        {
            count++;
            if (emptyDir.SizeLimit is { } limit && limit.Sign < 0)
            {
                errors.Add(FieldError.Forbidden(path.Child("emptyDir").Child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
            }
        }

        if (Take(v.HostPath, "hostPath"))
        {
            var hp = path.Child("hostPath");
            if (v.HostPath!.Path.Length == 0)
            {
                errors.Add(FieldError.Required(hp.Child("path"), string.Empty));
            }
            else
            {
                NoBacksteps(errors, v.HostPath.Path, hp.Child("path"));
                if (v.HostPath.Type is { } type && type is not ("" or "DirectoryOrCreate" or "Directory" or "FileOrCreate" or "File" or "Socket" or "CharDevice" or "BlockDevice"))
                {
                    errors.Add(FieldError.NotSupported(hp.Child("type"), type, ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]));
                }
            }
        }

        if (Take(v.GitRepo, "gitRepo"))
        {
            if (v.GitRepo!.Repository.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("gitRepo").Child("repository"), string.Empty));
            }

            LocalDescendingPath(errors, v.GitRepo.Directory, path.Child("gitRepo").Child("directory"));
        }

        if (Take(v.GcePersistentDisk, "gcePersistentDisk") && v.GcePersistentDisk!.PdName.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("persistentDisk").Child("pdName"), string.Empty));
        }

        if (Take(v.AwsElasticBlockStore, "awsElasticBlockStore") && v.AwsElasticBlockStore!.VolumeID.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("awsElasticBlockStore").Child("volumeID"), string.Empty));
        }

        if (Take(v.Secret, "secret"))
        {
            var sp = path.Child("secret");
            if (v.Secret!.SecretName.Length == 0)
            {
                errors.Add(FieldError.Required(sp.Child("secretName"), string.Empty));
            }

            FileMode(errors, v.Secret.DefaultMode, sp.Child("defaultMode"));
            KeyToPaths(errors, v.Secret.Items, sp.Child("items"), null, null);
        }

        if (Take(v.Nfs, "nfs"))
        {
            var np = path.Child("nfs");
            if (v.Nfs!.Server.Length == 0)
            {
                errors.Add(FieldError.Required(np.Child("server"), string.Empty));
            }

            if (v.Nfs.Path.Length == 0)
            {
                errors.Add(FieldError.Required(np.Child("path"), string.Empty));
            }

            if (!v.Nfs.Path.StartsWith('/'))
            {
                errors.Add(FieldError.Invalid(np.Child("path"), v.Nfs.Path, "must be an absolute path"));
            }
        }

        if (Take(v.Iscsi, "iscsi"))
        {
            if (v.Iscsi!.TargetPortal.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("iscsi").Child("targetPortal"), string.Empty));
            }

            if (v.Iscsi.Iqn.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("iscsi").Child("iqn"), string.Empty));
            }
        }

        if (Take(v.Glusterfs, "glusterfs"))
        {
            if (v.Glusterfs!.Endpoints.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("glusterfs").Child("endpoints"), string.Empty));
            }

            if (v.Glusterfs.Path.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("glusterfs").Child("path"), string.Empty));
            }
        }

        _ = Take(v.Flocker, "flocker");
        if (Take(v.PersistentVolumeClaim, "persistentVolumeClaim") && v.PersistentVolumeClaim!.ClaimName.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("persistentVolumeClaim").Child("claimName"), string.Empty));
        }

        if (Take(v.Rbd, "rbd"))
        {
            if (v.Rbd!.Monitors is not { Count: > 0 })
            {
                errors.Add(FieldError.Required(path.Child("rbd").Child("monitors"), string.Empty));
            }

            if (v.Rbd.Image.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("rbd").Child("image"), string.Empty));
            }
        }

        if (Take(v.Cinder, "cinder") && v.Cinder!.VolumeID.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("cinder").Child("volumeID"), string.Empty));
        }

        if (Take(v.Cephfs, "cephFS") && v.Cephfs!.Monitors is not { Count: > 0 })
        {
            errors.Add(FieldError.Required(path.Child("cephfs").Child("monitors"), string.Empty));
        }

        _ = Take(v.Quobyte, "quobyte");
        if (Take(v.DownwardAPI, "downwarAPI"))
        {
            var dp = path.Child("downwardAPI");
            FileMode(errors, v.DownwardAPI!.DefaultMode, dp.Child("defaultMode"));
            foreach (var file in v.DownwardAPI.Items ?? [])
            {
                DownwardApiFile(errors, file, dp);
            }
        }

        _ = Take(v.Fc, "fc");
        if (Take(v.FlexVolume, "flexVolume") && v.FlexVolume!.Driver.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("flexVolume").Child("driver"), string.Empty));
        }

        if (Take(v.ConfigMap, "configMap"))
        {
            var cp = path.Child("configMap");
            if (v.ConfigMap!.Name.Length == 0)
            {
                errors.Add(FieldError.Required(cp.Child("name"), string.Empty));
            }

            FileMode(errors, v.ConfigMap.DefaultMode, cp.Child("defaultMode"));
            KeyToPaths(errors, v.ConfigMap.Items, cp.Child("items"), null, null);
        }

        if (Take(v.AzureFile, "azureFile"))
        {
            if (v.AzureFile!.SecretName.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("azureFile").Child("secretName"), string.Empty));
            }

            if (v.AzureFile.ShareName.Length == 0)
            {
                errors.Add(FieldError.Required(path.Child("azureFile").Child("shareName"), string.Empty));
            }
        }

        _ = Take(v.VsphereVolume, "vsphereVolume");
        _ = Take(v.PhotonPersistentDisk, "photonPersistentDisk");
        _ = Take(v.PortworxVolume, "portworxVolume");
        _ = Take(v.AzureDisk, "azureDisk");
        _ = Take(v.Storageos, "storageos");
        if (Take(v.Projected, "projected"))
        {
            ProjectedVolume(errors, v.Projected!, path.Child("projected"));
        }

        _ = Take(v.ScaleIO, "scaleIO");
        if (Take(v.Csi, "csi") && v.Csi!.Driver.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("csi").Child("driver"), string.Empty));
        }

        if (Take(v.Ephemeral, "ephemeral"))
        {
            if (v.Ephemeral!.VolumeClaimTemplate is null)
            {
                errors.Add(FieldError.Required(path.Child("ephemeral").Child("volumeClaimTemplate"), string.Empty));
            }

            if (podMeta is { Name.Length: > 0 } && v.Name.Length != 0)
            {
                var pvcName = podMeta.Name + "-" + v.Name;
                foreach (var msg in NameValidation.NameIsDNSSubdomain(pvcName, false))
                {
                    errors.Add(FieldError.Invalid(path.Child("name"), v.Name, "PVC name " + GoSyntax.Quote(pvcName) + ": " + msg));
                }
            }
        }

        if (Take(v.Image, "image") && v.Image!.Reference.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("image").Child("reference"), string.Empty));
        }

        if (count == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a volume type"));
        }
    }

    private static void ValidatePodResourceClaims(FieldErrorList errors, List<PodResourceClaim>? claims, FieldPath path)
    {
        if (claims is not { Count: > 0 })
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (claims?.Count ?? 0); i++)
        {
            var claim = claims![i];
            var p = path.Index(i);
            if (claim.Name.Length == 0)
            {
                errors.Add(FieldError.Required(p.Child("name"), string.Empty));
            }
            else if (!names.Add(claim.Name))
            {
                errors.Add(FieldError.Duplicate(p.Child("name"), claim.Name));
            }
            else
            {
                CommonValidation.DNS1123Label(errors, claim.Name, p.Child("name"));
            }

            if (claim.ResourceClaimName is not null && claim.ResourceClaimTemplateName is not null)
            {
                errors.Add(FieldError.Invalid(p, new GoValue("core.PodResourceClaim{...}"), "at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified"));
            }

            if (claim.ResourceClaimName is null && claim.ResourceClaimTemplateName is null)
            {
                errors.Add(FieldError.Invalid(p, new GoValue("core.PodResourceClaim{Name:" + GoSyntax.Quote(claim.Name) + ", ResourceClaimName:(*string)(nil), ResourceClaimTemplateName:(*string)(nil)}"),
                    "must specify one of: `resourceClaimName`, `resourceClaimTemplateName`"));
            }
        }
    }
}

using KubeSharp.Api.Core.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>
/// Defaults of pod volumes, persistent volume sources and claim specs: <c>emptyDir: {}</c> for a volume
/// without a source, mode 0644 (420) for secret, configMap, downwardAPI and projected volumes, an empty
/// <c>hostPath.type</c>, an hour for projected service account tokens, <c>volumeMode: Filesystem</c> for
/// claim templates, and the old in-tree plugins' markers (iSCSI, RBD, ScaleIO, Azure Disk).
/// </summary>
internal static class VolumeDefaults
{
    /// <summary>Upstream's default file mode of secret, configMap, downwardAPI and projected volumes (0644).</summary>
    public const int DefaultMode = 420;

    /// <summary>Upstream's default lifetime of a projected service account token, in seconds.</summary>
    public const long TokenExpirationSeconds = 3600;

    /// <summary>Defaults one pod volume (upstream's <c>SetDefaults_Volume</c> and the nested source defaulters).</summary>
    public static void Apply(Volume volume, DefaultingFeatures features)
    {
        if (HasNoSource(volume))
        {
            volume.EmptyDir = new EmptyDirVolumeSource();
        }
        if (features.ImageVolume && volume.Image is { PullPolicy.Length: 0 } image)
        {
            image.PullPolicy = ImageReference.DefaultPullPolicy(image.Reference);
        }
        HostPath(volume.HostPath);
        if (volume.Secret is { DefaultMode: null } secret)
        {
            secret.DefaultMode = DefaultMode;
        }
        if (volume.Iscsi is { IscsiInterface.Length: 0 } iscsi)
        {
            iscsi.IscsiInterface = "default";
        }
        if (volume.Rbd is { } rbd)
        {
            (rbd.Pool, rbd.User, rbd.Keyring) = Rbd(rbd.Pool, rbd.User, rbd.Keyring);
        }
        if (volume.DownwardAPI is { } downwardApi)
        {
            downwardApi.DefaultMode ??= DefaultMode;
            DownwardApiItems(downwardApi.Items);
        }
        if (volume.ConfigMap is { DefaultMode: null } configMap)
        {
            configMap.DefaultMode = DefaultMode;
        }
        AzureDisk(volume.AzureDisk);
        if (volume.Projected is { } projected)
        {
            projected.DefaultMode ??= DefaultMode;
            foreach (var source in projected.Sources ?? [])
            {
                DownwardApiItems(source.DownwardAPI?.Items);
                if (source.ServiceAccountToken is { ExpirationSeconds: null } token)
                {
                    token.ExpirationSeconds = TokenExpirationSeconds;
                }
            }
        }
        if (volume.ScaleIO is { } scaleIo)
        {
            (scaleIo.StorageMode, scaleIo.FsType) = ScaleIo(scaleIo.StorageMode, scaleIo.FsType);
        }
        if (volume.Ephemeral?.VolumeClaimTemplate is { } claimTemplate)
        {
            ClaimSpec(claimTemplate.Spec);
        }
    }

    /// <summary>Upstream's <c>SetDefaults_PersistentVolumeClaimSpec</c> (<c>volumeMode: Filesystem</c>) and the
    /// rounding of its resources.</summary>
    public static void ClaimSpec(PersistentVolumeClaimSpec spec)
    {
        spec.VolumeMode ??= PersistentVolumeMode.PersistentVolumeFilesystem;
        ResourceLists.RoundUp(spec.Resources.Limits);
        ResourceLists.RoundUp(spec.Resources.Requests);
    }

    /// <summary>The nested defaults of a persistent volume spec (also inline in a VolumeAttachment): capacity
    /// rounding and the source defaulters. The PersistentVolume kind's own defaults are in <see cref="CoreDefaults"/>.</summary>
    public static void PersistentVolumeSources(PersistentVolumeSpec spec)
    {
        ResourceLists.RoundUp(spec.Capacity);
        HostPath(spec.HostPath);
        if (spec.Rbd is { } rbd)
        {
            (rbd.Pool, rbd.User, rbd.Keyring) = Rbd(rbd.Pool, rbd.User, rbd.Keyring);
        }
        if (spec.Iscsi is { IscsiInterface.Length: 0 } iscsi)
        {
            iscsi.IscsiInterface = "default";
        }
        AzureDisk(spec.AzureDisk);
        if (spec.ScaleIO is { } scaleIo)
        {
            (scaleIo.StorageMode, scaleIo.FsType) = ScaleIo(scaleIo.StorageMode, scaleIo.FsType);
        }
    }

    private static void HostPath(HostPathVolumeSource? hostPath)
    {
        if (hostPath is not null)
        {
            hostPath.Type ??= HostPathType.HostPathUnset;
        }
    }

    private static void DownwardApiItems(List<DownwardAPIVolumeFile>? items)
    {
        foreach (var item in items ?? [])
        {
            ContainerDefaults.FieldRef(item.FieldRef);
        }
    }

    private static void AzureDisk(AzureDiskVolumeSource? disk)
    {
        if (disk is null)
        {
            return;
        }
        disk.CachingMode ??= AzureDataDiskCachingMode.AzureDataDiskCachingReadWrite;
        disk.Kind ??= AzureDataDiskKind.AzureSharedBlobDisk;
        disk.FsType ??= "ext4";
        disk.ReadOnly ??= false;
    }

    private static (string Pool, string User, string Keyring) Rbd(string pool, string user, string keyring) => (
        pool.Length == 0 ? "rbd" : pool,
        user.Length == 0 ? "admin" : user,
        keyring.Length == 0 ? "/etc/ceph/keyring" : keyring);

    private static (string StorageMode, string FsType) ScaleIo(string storageMode, string fsType) => (
        storageMode.Length == 0 ? "ThinProvisioned" : storageMode,
        fsType.Length == 0 ? "xfs" : fsType);

    // Upstream's ptr.AllPtrFieldsNil(&volume.VolumeSource).
    private static bool HasNoSource(Volume v) =>
        v.HostPath is null && v.EmptyDir is null && v.GcePersistentDisk is null && v.AwsElasticBlockStore is null
        && v.GitRepo is null && v.Secret is null && v.Nfs is null && v.Iscsi is null && v.Glusterfs is null
        && v.PersistentVolumeClaim is null && v.Rbd is null && v.FlexVolume is null && v.Cinder is null
        && v.Cephfs is null && v.Flocker is null && v.DownwardAPI is null && v.Fc is null && v.AzureFile is null
        && v.ConfigMap is null && v.VsphereVolume is null && v.Quobyte is null && v.AzureDisk is null
        && v.PhotonPersistentDisk is null && v.Projected is null && v.PortworxVolume is null && v.ScaleIO is null
        && v.Storageos is null && v.Csi is null && v.Ephemeral is null && v.Image is null;
}

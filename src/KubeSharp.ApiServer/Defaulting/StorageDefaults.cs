using KubeSharp.Api.Storage.V1;

namespace KubeSharp.ApiServer.Defaulting;

/// <summary>Defaults of <c>storage.k8s.io/v1</c>. CSINode, CSIStorageCapacity and VolumeAttributesClass have none.</summary>
internal static class StorageDefaults
{
    /// <summary>Reclaim policy Delete, binding mode Immediate.</summary>
    public static void StorageClass(StorageClass storageClass)
    {
        storageClass.ReclaimPolicy ??= Api.Core.V1.PersistentVolumeReclaimPolicy.PersistentVolumeReclaimDelete;
        storageClass.VolumeBindingMode ??= VolumeBindingMode.VolumeBindingImmediate;
    }

    /// <summary>attachRequired true; podInfoOnMount, storageCapacity, requiresRepublish (and seLinuxMount) false;
    /// fsGroupPolicy ReadWriteOnceWithFSType; lifecycle modes [Persistent].</summary>
    public static void CSIDriver(CSIDriver driver, DefaultingFeatures features)
    {
        var spec = driver.Spec;
        spec.AttachRequired ??= true;
        spec.PodInfoOnMount ??= false;
        spec.StorageCapacity ??= false;
        spec.FsGroupPolicy ??= FSGroupPolicy.ReadWriteOnceWithFSTypeFSGroupPolicy;
        if (spec.VolumeLifecycleModes is null || spec.VolumeLifecycleModes.Count == 0)
        {
            spec.VolumeLifecycleModes = [VolumeLifecycleMode.VolumeLifecyclePersistent];
        }
        spec.RequiresRepublish ??= false;
        if (features.SELinuxMountReadWriteOncePod)
        {
            spec.SeLinuxMount ??= false;
        }
    }

    /// <summary>The volume source defaults of an inline persistent volume spec.</summary>
    public static void VolumeAttachment(VolumeAttachment attachment)
    {
        if (attachment.Spec.Source.InlineVolumeSpec is { } inline)
        {
            VolumeDefaults.PersistentVolumeSources(inline);
        }
    }
}

namespace KubeSharp.Storage;

/// <summary>Limits shared by every engine.</summary>
public static class StorageLimits
{
    /// <summary>Largest value accepted: 1.5 MiB, etcd's default request limit.</summary>
    public const int MaxValueBytes = 1536 * 1024;
}

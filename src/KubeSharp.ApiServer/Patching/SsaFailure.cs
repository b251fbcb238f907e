namespace KubeSharp.ApiServer.Patching;

/// <summary>
/// An object that cannot be read against its type during server-side apply (e.g. a list-map item without its key);
/// internal control flow only, turned into a <see cref="PatchError"/> by <see cref="ServerSideApply"/>.
/// </summary>
internal sealed class SsaFailure : Exception
{
    public SsaFailure()
    {
    }

    public SsaFailure(string message)
        : base(message)
    {
    }

    public SsaFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

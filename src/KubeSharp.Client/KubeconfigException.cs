namespace KubeSharp.Client;

/// <summary>A kubeconfig (or in-cluster configuration) that cannot be loaded or used; the message names the file and
/// field, never a secret value.</summary>
public sealed class KubeconfigException : Exception
{
    public KubeconfigException() { }

    public KubeconfigException(string message) : base(message) { }

    public KubeconfigException(string message, Exception inner) : base(message, inner) { }
}

using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>A kind with a <c>status</c>: lets generic code (the status subresource split) move it between objects.</summary>
public interface IHasStatus
{
    /// <summary>The status, or null when it was never set.</summary>
    IJsonWritable? StatusObject { get; }

    /// <summary>Takes the status of <paramref name="other"/> (same type), sharing the instance: callers pass
    /// objects they own or copies.</summary>
    void CopyStatusFrom(IHasStatus other);

    /// <summary>Resets the status to its zero value.</summary>
    void ClearStatus();
}

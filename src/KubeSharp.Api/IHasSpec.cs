using KubeSharp.Api.Serialization;

namespace KubeSharp.Api;

/// <summary>A kind with a <c>spec</c>: lets generic code (generation bumps) reach it without knowing the type.</summary>
public interface IHasSpec
{
    /// <summary>The spec, or null when it was never set.</summary>
    IJsonWritable? SpecObject { get; }
}

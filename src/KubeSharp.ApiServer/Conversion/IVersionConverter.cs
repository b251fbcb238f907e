using KubeSharp.Api;

namespace KubeSharp.ApiServer.Conversion;

/// <summary>
/// Converts one kind between a served version and its storage version (upstream's conversion functions through the
/// internal type; our storage version plays the internal type's part). Hand-written per pair.
/// </summary>
/// <remarks>Implementations are stateless. <see cref="FromStorage"/> must not change its argument (stored objects are
/// shared by caches and watchers); <see cref="ToStorage"/> owns its argument and may reuse its parts.</remarks>
public interface IVersionConverter
{
    /// <summary>A served-version object in the storage version (apiVersion and kind are set by the caller). Throws an
    /// API error (400) for data that cannot be converted.</summary>
    IKubeMetaObject ToStorage(IKubeMetaObject served);

    /// <summary>A storage-version object in the served version (apiVersion and kind are set by the caller).</summary>
    IKubeMetaObject FromStorage(IKubeMetaObject stored);

    /// <summary>A field selector label of the served version as the storage version's selectable fields name it, or
    /// null when the served version does not support it.</summary>
    string? ConvertFieldLabel(string label);
}

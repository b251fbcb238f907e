using KubeSharp.Api;
using KubeSharp.Api.Validation;

namespace KubeSharp.ApiServer.Registry;

/// <summary>
/// Per-resource behaviour of the generic REST layer, as upstream's RESTCreateStrategy/RESTUpdateStrategy:
/// what a create or update may change, validation, and the fields selectors can use.
/// </summary>
/// <remarks>Implementations are stateless and thread-safe. Objects passed in are owned by the caller and may be
/// mutated; <c>old</c> objects come from caches and must not be mutated.</remarks>
public interface IResourceStrategy
{
    /// <summary>Clears what clients may not set on create (status on resources with a status subresource),
    /// sets generation. Runs before defaulting and validation.</summary>
    void PrepareForCreate(ResourceDefinition resource, IKubeMetaObject obj);

    /// <summary>Keeps what the main endpoint may not change (status), bumps generation when the spec changed.</summary>
    void PrepareForUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old);

    /// <summary>Applies upstream's defaults.</summary>
    void Default(IKubeMetaObject obj);

    FieldErrorList ValidateCreate(ResourceDefinition resource, IKubeMetaObject obj);

    FieldErrorList ValidateUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old);

    /// <summary>Validates a write through the /status subresource.</summary>
    FieldErrorList ValidateStatusUpdate(ResourceDefinition resource, IKubeMetaObject obj, IKubeMetaObject old);

    /// <summary>Whether a PUT of a missing object creates it.</summary>
    bool AllowCreateOnUpdate { get; }

    /// <summary>Adds the fields field selectors may use (metadata.name and metadata.namespace are always added).</summary>
    void AddSelectableFields(IKubeMetaObject obj, Dictionary<string, string> fields);
}

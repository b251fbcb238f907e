using System.Diagnostics.CodeAnalysis;

namespace KubeSharp.Api.Manifests;

/// <summary>Finds the decodable type for an object's <c>apiVersion</c> and <c>kind</c> (the generated types' table
/// implements it; <see cref="ApiTypeTable"/> is a simple one).</summary>
public interface IApiTypeResolver
{
    /// <summary>Finds the type for <paramref name="apiVersion"/> (<c>apps/v1</c>, <c>v1</c>) and
    /// <paramref name="kind"/> (case-sensitive, <c>Deployment</c>).</summary>
    bool TryResolve(string apiVersion, string kind, [MaybeNullWhen(false)] out ApiTypeHandle handle);
}

namespace KubeSharp.Api.Manifests;

/// <summary>The Go type goyaml v2 resolves a scalar to when decoding into <c>interface{}</c>.</summary>
internal enum ResolvedScalarKind
{
    Null,
    Bool,
    Int,
    UInt,
    BigInt,
    Float,
    String,
}

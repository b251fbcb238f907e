namespace KubeSharp.Api;

/// <summary>A type that can copy itself with no shared mutable state (lists, maps and nested objects are new).</summary>
/// <remarks>Immutable values (strings, Quantity, Time, ...) are shared; so are the byte arrays inside
/// RawExtension, RawJson and FieldsV1, which are never mutated in place.</remarks>
public interface IDeepCopyable<out TSelf>
{
    /// <summary>A copy that can be mutated without affecting this instance.</summary>
    TSelf DeepCopy();
}

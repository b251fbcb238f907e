namespace KubeSharp.Api;

/// <summary>Which value an <see cref="IntOrString"/> holds (upstream's <c>intstr.Type</c>).</summary>
public enum IntOrStringType
{
    /// <summary>An int32 (the default).</summary>
    Int = 0,

    /// <summary>A string.</summary>
    String = 1,
}

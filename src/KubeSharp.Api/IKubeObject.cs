namespace KubeSharp.Api;

/// <summary>An API object with TypeMeta: <c>apiVersion</c> and <c>kind</c>.</summary>
public interface IKubeObject
{
    /// <summary>The object's apiVersion (group/version, or version for the core group).</summary>
    string ApiVersion { get; set; }

    /// <summary>The object's kind.</summary>
    string Kind { get; set; }
}

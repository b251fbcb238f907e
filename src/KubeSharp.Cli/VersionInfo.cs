using System.Reflection;

namespace KubeSharp.Cli;

/// <summary>The build's identity: KubeSharp version, implemented Kubernetes API version, commit and runtime.</summary>
public static class BuildInfo
{
    /// <summary>The Kubernetes minor version whose API KubeSharp implements (kubectl picks its version from it).</summary>
    public const string KubernetesMajor = "1";

    /// <summary>See <see cref="KubernetesMajor"/>.</summary>
    public const string KubernetesMinor = "32";

    /// <summary>The KubeSharp version (from the assembly's informational version, without the commit).</summary>
    public static string Version => InformationalVersion.Split('+')[0];

    /// <summary>The git commit the binary was built from, or "unknown".</summary>
    public static string GitCommit
    {
        get
        {
            var plus = InformationalVersion.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? "unknown" : InformationalVersion[(plus + 1)..];
        }
    }

    /// <summary>The Kubernetes version string reported as gitVersion: v1.32.0+kubesharp.&lt;version&gt;.</summary>
    public static string KubernetesGitVersion => $"v{KubernetesMajor}.{KubernetesMinor}.0+kubesharp.{Version}";

    private static string InformationalVersion =>
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}

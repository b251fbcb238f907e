using KubeSharp.ApiServer.Defaulting;

namespace KubeSharp.ApiServer.Tests.Defaulting;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("nginx:Latest", "IfNotPresent")]
    [InlineData("library/nginx", "Always")]
    [InlineData("docker.io/library/nginx:latest", "Always")]
    [InlineData("registry.k8s.io/pause:3.10", "IfNotPresent")]
    [InlineData("localhost:5000/app", "Always")]
    [InlineData("localhost/app:v1", "IfNotPresent")]
    [InlineData("[::1]:5000/app:latest", "Always")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Always")]
    // Unparsable references: upstream ignores the error, the empty tag is not "latest".
    [InlineData("", "IfNotPresent")]
    [InlineData("Nginx", "IfNotPresent")]
    [InlineData("nginx:latest@sha256:0123", "IfNotPresent")]
    [InlineData("nginx@md5:0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("-nginx", "IfNotPresent")]
    public void DefaultPullPolicy_FollowsTheImageTag(string image, string expected)
    {
        ImageReference.DefaultPullPolicy(image).ShouldBe(expected);
        // Asked again (answered from the remembered images): the same.
        ImageReference.DefaultPullPolicy(image).ShouldBe(expected);
        ImageReference.DefaultPullPolicy(new string(image.AsSpan())).ShouldBe(expected);
    }
}

using KubeSharp.ApiServer.Patching;

namespace KubeSharp.ApiServer.Tests.Patching;

public sealed class ManagedFieldsWriterTests
{
    [Theory]
    [InlineData("kubectl-create", "kubectl/v1.32.4 (linux/amd64)", "kubectl-create")]
    [InlineData("", "kubectl/v1.32.4 (linux/amd64) kubernetes/abc", "kubectl")]
    [InlineData(null, "curl/7.88.1", "curl")]
    [InlineData(null, "no-slash", "no-slash")]
    [InlineData(null, null, "")]
    public void ManagerOrUserAgent_PrefersTheParameter_ElseTheAgentPrefix(string? fieldManager, string? userAgent, string expected)
        => ManagedFieldsWriter.ManagerOrUserAgent(fieldManager, userAgent).ShouldBe(expected);

    [Fact]
    public void ManagerOrUserAgent_CutsTheAgentPrefixAt128Characters()
        => ManagedFieldsWriter.ManagerOrUserAgent(null, new string('a', 200) + "/1").ShouldBe(new string('a', 128));
}

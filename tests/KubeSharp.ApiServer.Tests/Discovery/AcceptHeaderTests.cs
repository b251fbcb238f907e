using KubeSharp.ApiServer.Discovery;

namespace KubeSharp.ApiServer.Tests.Discovery;

public class AcceptHeaderTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("application/json", "application/json")]
    [InlineData("*", "*/*")]
    [InlineData("application/json, */*", "application/json|*/*")]
    [InlineData("*/*, application/json", "application/json|*/*")]
    [InlineData("text/*, text/plain", "text/plain|text/*")]
    [InlineData("application/json;q=0.5, application/yaml", "application/yaml|application/json")]
    [InlineData("application/json;q=0, application/yaml;q=0.1", "application/yaml|application/json")]
    [InlineData("garbage, application/json", "application/json")]
    [InlineData("a/b/c, application/json", "application/json")]
    [InlineData(" application/json ; g=x ", "application/json")]
    public void Parse_OrdersClausesAsGoautoneg(string? header, string expected)
        => string.Join('|', AcceptHeader.Parse(header).Select(c => c.MediaType)).ShouldBe(expected);

    [Fact]
    public void Parse_KeepsParametersAndQuality()
    {
        var clause = AcceptHeader.Parse("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.9").Single();
        clause.GetParameter("g").ShouldBe("apidiscovery.k8s.io");
        clause.GetParameter("v").ShouldBe("v2");
        clause.GetParameter("as").ShouldBe("APIGroupDiscoveryList");
        clause.GetParameter("q").ShouldBeNull();
        clause.Quality.ShouldBe(0.9, 1e-9);
    }
}

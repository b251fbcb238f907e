using KubeSharp.ApiServer.Discovery;

namespace KubeSharp.ApiServer.Tests.Discovery;

public class MediaTypeNegotiatorTests
{
    private const string Kubectl132 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    private const string Kubectl128 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    [Theory]
    [InlineData(Kubectl132, DiscoveryVersion.AggregatedV2)]
    [InlineData(Kubectl128, DiscoveryVersion.AggregatedV2Beta1)]
    [InlineData("application/json", DiscoveryVersion.Legacy)]
    [InlineData("application/json, */*", DiscoveryVersion.Legacy)]
    [InlineData("*/*", DiscoveryVersion.Legacy)]
    [InlineData("", DiscoveryVersion.Legacy)]
    [InlineData(null, DiscoveryVersion.Legacy)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList", DiscoveryVersion.AggregatedV2Beta1)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json", DiscoveryVersion.Legacy)]
    [InlineData("application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", DiscoveryVersion.AggregatedV2)]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json", DiscoveryVersion.Legacy)]
    public void NegotiateVersion_PicksTheFirstAcceptableClause(string? accept, DiscoveryVersion expected)
        => DiscoveryHandler.NegotiateVersion(accept).ShouldBe(expected);

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList")]
    [InlineData("text/plain")]
    public void NegotiateVersion_NothingAcceptable_IsNull(string accept)
        => DiscoveryHandler.NegotiateVersion(accept).ShouldBeNull();

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "application/json", "meta.k8s.io/v1, Kind=Table")]
    [InlineData("application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "application/json", "meta.k8s.io/v1beta1, Kind=Table")]
    [InlineData("application/json;as=Table;v=v2;g=meta.k8s.io,application/yaml", "application/yaml", "")]
    [InlineData("application/vnd.kubernetes.protobuf,application/json", "application/vnd.kubernetes.protobuf", "")]
    [InlineData("application/*", "application/json", "")]
    public void TryNegotiate_TableRestrictions(string accept, string mediaType, string convert)
    {
        string[] supported = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
        MediaTypeNegotiator.EndpointRestrictions table = (_, c, stream) => stream.Length == 0
            && (c is null || c.Value.Is("meta.k8s.io", "v1", "Table") || c.Value.Is("meta.k8s.io", "v1beta1", "Table"));
        MediaTypeNegotiator.TryNegotiate(accept, supported, table, out var result).ShouldBeTrue();
        result!.MediaType.ShouldBe(mediaType);
        (result.Convert?.ToString() ?? "").ShouldBe(convert);
    }

    [Fact]
    public void TryNegotiate_EmptyHeader_PicksFirstSupported()
    {
        MediaTypeNegotiator.TryNegotiate("", ["application/json", "application/yaml"], null, out var result).ShouldBeTrue();
        result!.MediaType.ShouldBe("application/json");
        result.Clause.ShouldBeNull();
    }

    [Fact]
    public void TryNegotiate_StreamAndPrettyParameters()
    {
        MediaTypeNegotiator.EndpointRestrictions watch = (_, c, stream) => c is null && stream is "" or "watch";
        MediaTypeNegotiator.TryNegotiate("application/json;stream=watch;pretty=1", ["application/json"], watch, out var result).ShouldBeTrue();
        result!.Stream.ShouldBe("watch");
        result.Pretty.ShouldBeTrue();
        MediaTypeNegotiator.TryNegotiate("application/json;stream=other", ["application/json"], watch, out _).ShouldBeFalse();
    }
}

using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests.Serialization;

public class JsonCodecListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(17)]
    public void Lists_OfAnyLength_DecodeInOrderAndRoundTrip(int count)
    {
        // Short lists are collected before the list is allocated: every length must come back whole and in order.
        var tolerations = string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"key":"k{{i}}","operator":"Exists"}"""));
        var finalizers = string.Join(",", Enumerable.Range(0, count).Select(i => $"\"f{i}\""));
        var json = "{\"metadata\":{\"finalizers\":[" + finalizers + "]},\"spec\":{\"tolerations\":[" + tolerations + "]}}";

        var pod = KubeJson.Deserialize<Pod>(json);

        pod.Spec.Tolerations.ShouldNotBeNull();
        pod.Spec.Tolerations.Select(t => t.Key).ShouldBe(Enumerable.Range(0, count).Select(i => $"k{i}"));
        pod.Metadata.Finalizers.ShouldNotBeNull();
        pod.Metadata.Finalizers.ShouldBe(Enumerable.Range(0, count).Select(i => $"f{i}"));
        if (count > 0)
        {
            KubeJson.Serialize(pod).ShouldContain($"\"tolerations\":[{tolerations}]");
        }
        pod.Spec.Tolerations.Add(new Toleration { Key = "added" });
        pod.Spec.Tolerations.Count.ShouldBe(count + 1);
    }

    [Fact]
    public void Lists_NullAndNested_KeepGoShapes()
    {
        var pod = KubeJson.Deserialize<Pod>("""
            {"metadata":{"finalizers":null},"spec":{"containers":[{"name":"a","ports":[{"containerPort":1},{"containerPort":2}],"args":["x"]},
             {"name":"b","ports":[],"args":[]},{"name":"c"},{"name":"d","ports":[{"containerPort":3}]}]}}
            """);

        pod.Metadata.Finalizers.ShouldBeNull();
        var containers = pod.Spec.Containers.ShouldNotBeNull();
        containers.Select(c => c.Name).ShouldBe(["a", "b", "c", "d"]);
        containers[0].Ports!.Select(p => p.ContainerPortValue).ShouldBe([1, 2]);
        containers[0].Args.ShouldBe(["x"]);
        containers[1].Ports!.ShouldBeEmpty();
        containers[1].Args!.ShouldBeEmpty();
        containers[2].Ports.ShouldBeNull();
        containers[3].Ports!.Single().ContainerPortValue.ShouldBe(3);
    }
}

using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests.Serialization;

public class DeepCopyTests
{
    [Fact]
    public void DeepCopy_OfFixturePod_SerializesIdentically()
    {
        var pod = KubeJson.Deserialize<Pod>(FixtureFiles.Json("core.v1.Pod"));

        var copy = pod.DeepCopy();

        KubeJson.Serialize(copy).ShouldBe(KubeJson.Serialize(pod));
    }

    [Fact]
    public void DeepCopy_MutatingTheCopy_LeavesTheOriginalAlone()
    {
        var pod = KubeJson.Deserialize<Pod>(FixtureFiles.Json("core.v1.Pod"));
        var before = KubeJson.Serialize(pod);

        var copy = pod.DeepCopy();
        copy.Metadata.Labels!["new"] = "x";
        copy.Metadata.Name = "other";
        copy.Spec.Containers![0].Env!.Clear();
        copy.Spec.Containers.Add(new Container { Name = "added" });
        copy.Spec.NodeSelector = null;

        KubeJson.Serialize(pod).ShouldBe(before);
    }

    [Fact]
    public void EnumConstants_CarryUpstreamValues()
    {
        PodPhase.PodRunning.ShouldBe("Running");
        PodPhase.Values.ShouldContain("Succeeded");
        RestartPolicy.RestartPolicyAlways.ShouldBe("Always");
    }
}

using KubeSharp.Api.Serialization;

namespace KubeSharp.Api.Tests.Serialization;

public class JsonDecodeContextTests
{
    [Fact]
    public void ReportUnknown_NestedInList_FormatsUpstreamPath()
    {
        var context = new JsonDecodeContext();
        context.Push("spec");
        context.Push("containers");
        context.PushIndex(0);
        context.ReportUnknown("imagePullPolicyy");
        context.Pop();
        context.Pop();
        context.ReportDuplicate("replicas");

        context.UnknownFields.ShouldBe(["spec.containers[0].imagePullPolicyy"]);
        context.DuplicateFields.ShouldBe(["spec.replicas"]);
    }

    [Fact]
    public void ReportUnknown_WhenIgnoring_RecordsNothing()
    {
        var context = new JsonDecodeContext(collectFindings: false);
        context.ReportUnknown("foo");
        context.HasFindings.ShouldBeFalse();
    }
}

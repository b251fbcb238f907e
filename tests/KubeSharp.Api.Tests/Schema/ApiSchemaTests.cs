using KubeSharp.Api.Schema;

namespace KubeSharp.Api.Tests.Schema;

public class ApiSchemaTests
{
    [Fact]
    public void PodSpecContainers_CarryMergeStrategyAndKey()
    {
        ApiSchema.Default.TryGetDefinition("io.k8s.api.core.v1.PodSpec", out var podSpec).ShouldBeTrue();

        var containers = podSpec!.PropertiesByName["containers"];

        containers.IsList.ShouldBeTrue();
        containers.ItemsRef.ShouldBe("io.k8s.api.core.v1.Container");
        containers.PatchStrategy.ShouldBe("merge");
        containers.PatchMergeKey.ShouldBe("name");
        containers.ListType.ShouldBe("map");
        podSpec.PropertiesByName["volumes"].PatchStrategy.ShouldBe("merge,retainKeys");
        podSpec.Required.ShouldBe(["containers"]);
    }

    [Fact]
    public void TryGetByKind_FindsDeployment()
    {
        ApiSchema.Default.TryGetByKind("apps", "v1", "Deployment", out var deployment).ShouldBeTrue();
        deployment!.ModelName.ShouldBe("io.k8s.api.apps.v1.Deployment");
        ApiSchema.Default.TryGetDefinition("io.k8s.apimachinery.pkg.api.resource.Quantity", out var quantity).ShouldBeTrue();
        quantity!.SpecialKind.ShouldBe("quantity");
    }
}

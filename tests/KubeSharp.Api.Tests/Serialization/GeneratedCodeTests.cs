using KubeSharp.ApiGen;

namespace KubeSharp.Api.Tests.Serialization;

public class GeneratedCodeTests
{
    [Fact]
    public void GeneratedFolder_MatchesWhatTheSchemaGenerates()
    {
        var root = Generator.FindRepositoryRoot(AppContext.BaseDirectory);
        var files = Generator.Generate(File.ReadAllText(Path.Combine(root, Generator.SchemaPath)));

        var drift = Drift.Find(Path.Combine(root, Generator.OutputPath), files);

        drift.ShouldBeEmpty("run ./tools/generate-api.sh and commit the result");
    }

    [Fact]
    public void Registry_HasEveryKindOfTheSchema()
    {
        ApiTypes.TryGet("apps/v1", "Deployment", out var deployment).ShouldBeTrue();
        deployment!.ClrType.ShouldBe(typeof(Apps.V1.Deployment));
        ApiTypes.TryGet("v1", "Pod", out _).ShouldBeTrue();
        ApiTypes.TryGet("apiextensions.k8s.io/v1", "CustomResourceDefinition", out _).ShouldBeTrue();
        ApiTypes.TryGet("metrics.k8s.io/v1beta1", "PodMetrics", out _).ShouldBeTrue();
        ApiTypes.ForType(typeof(Meta.V1.WatchEvent)).Count.ShouldBeGreaterThan(10);
    }
}

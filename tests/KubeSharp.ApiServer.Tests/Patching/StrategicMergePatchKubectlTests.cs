using KubeSharp.ApiServer.Patching;
using static KubeSharp.ApiServer.Tests.Patching.PatchTestSupport;

namespace KubeSharp.ApiServer.Tests.Patching;

/// <summary>The strategic merge patches kubectl 1.32 sends (wire-protocol note §4.3, §4.4 and §10), on realistic objects.</summary>
public class StrategicMergePatchKubectlTests
{
    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},
           "spec":{"containers":[
             {"name":"a","image":"x:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80,"protocol":"TCP"}]},{"name":"b","image":"y:1"}],
            "restartPolicy":"Always","dnsPolicy":"ClusterFirst"}},
          "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}}}
        """;

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        {
            "client-side apply 3-way patch (wire note §4.3)", "apps/Deployment", Deployment,
            """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$setElementOrder/env":[{"name":"B"}],"env":[{"$patch":"delete","name":"A"}],"image":"x:2","name":"a"},{"$patch":"delete","name":"b"}]}}}}""",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"x:2","env":[{"name":"B","value":"2"}],"ports":[{"containerPort":80,"protocol":"TCP"}]}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}}}"""
        },
        {
            "kubectl set image", "apps/Deployment", Deployment,
            """{"spec":{"template":{"spec":{"containers":[{"image":"y:2","name":"b"}]}}}}""",
            Deployment.Replace("\"y:1\"", "\"y:2\"", StringComparison.Ordinal)
        },
        {
            "kubectl set env adds a variable in order", "apps/Deployment", Deployment,
            """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"B"},{"name":"C"}],"env":[{"name":"C","value":"3"}],"name":"a"}]}}}}""",
            Deployment.Replace("""{"name":"B","value":"2"}]""", """{"name":"B","value":"2"},{"name":"C","value":"3"}]""", StringComparison.Ordinal)
        },
        {
            "kubectl rollout restart", "apps/Deployment", Deployment,
            """{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-02T03:04:05Z"}}}}}""",
            Deployment.Replace("""{"metadata":{"labels":{"app":"web"}},""", """{"metadata":{"labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-02T03:04:05Z"}},""", StringComparison.Ordinal)
        },
        {
            "kubectl apply switching the strategy to Recreate", "apps/Deployment", Deployment,
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""",
            Deployment.Replace("""{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}""", """{"type":"Recreate"}""", StringComparison.Ordinal)
        },
        {
            "StatefulSet rollout undo replaces the template", "apps/StatefulSet",
            """{"metadata":{"name":"db"},"spec":{"replicas":1,"template":{"metadata":{"labels":{"app":"db"},"annotations":{"x":"y"}},"spec":{"containers":[{"name":"db","image":"db:2","env":[{"name":"NEW","value":"1"}]}],"dnsPolicy":"ClusterFirst"}}}}""",
            """{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"db"}},"spec":{"containers":[{"image":"db:1","name":"db"}]}}}}""",
            """{"metadata":{"name":"db"},"spec":{"replicas":1,"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"db"}},"spec":{"containers":[{"image":"db:1","name":"db"}]}}}}"""
        },
        {
            "kubectl cordon", "Node",
            """{"metadata":{"name":"node1"},"spec":{"podCIDR":"10.42.0.0/24"}}""",
            """{"spec":{"unschedulable":true}}""",
            """{"metadata":{"name":"node1"},"spec":{"podCIDR":"10.42.0.0/24","unschedulable":true}}"""
        },
        {
            "client-side apply of a ConfigMap removing a key", "ConfigMap",
            """{"metadata":{"name":"cm1","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"a\":1}\n"}},"data":{"a":"1","b":"2"}}""",
            """{"data":{"a":"2","b":null},"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"a\":2}\n"}}}""",
            """{"metadata":{"name":"cm1","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"a\":2}\n"}},"data":{"a":"2"}}"""
        },
        {
            "client-side apply removing a finalizer", "ConfigMap",
            """{"metadata":{"name":"cm1","finalizers":["x","y"]}}""",
            """{"metadata":{"$deleteFromPrimitiveList/finalizers":["x"],"$setElementOrder/finalizers":["y"]}}""",
            """{"metadata":{"name":"cm1","finalizers":["y"]}}"""
        },
        {
            "client-side apply reordering containers", "apps/Deployment", Deployment,
            """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}}}""",
            Deployment.Replace("""{"name":"a","image":"x:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80,"protocol":"TCP"}]},{"name":"b","image":"y:1"}""", """{"name":"b","image":"y:1"},{"name":"a","image":"x:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80,"protocol":"TCP"}]}""", StringComparison.Ordinal)
        },
        {
            "kubectl patch adding a container port", "apps/Deployment", Deployment,
            """{"spec":{"template":{"spec":{"containers":[{"name":"a","ports":[{"containerPort":443,"protocol":"TCP"}]}]}}}}""",
            Deployment.Replace("""[{"containerPort":80,"protocol":"TCP"}]""", """[{"containerPort":443,"protocol":"TCP"},{"containerPort":80,"protocol":"TCP"}]""", StringComparison.Ordinal)
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_KubectlPatch_GivesExpectedObject(string name, string kind, string live, string patch, string expected)
    {
        var result = StrategicMergePatch.Apply(Obj(live), Utf8(patch), Kind(kind));

        result.Succeeded.ShouldBeTrue($"{name}: {result}");
        result.Document.ShouldBeJson(expected, name);
    }
}

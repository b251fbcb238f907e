namespace KubeSharp.ApiServer.Tests.Defaulting;

public class CoreDefaultingTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        {
            // Cluster IPs, IP families, IP family policy and node ports are the registry's (allocators).
            "Service: ClusterIP",
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80},{"name":"dns","port":53,"protocol":"UDP","targetPort":"dns"}]}}""",
            """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"web"},"spec":{"ports":[{"protocol":"TCP","port":80,"targetPort":80},{"name":"dns","protocol":"UDP","port":53,"targetPort":"dns"}],
              "selector":{"app":"web"},"type":"ClusterIP","sessionAffinity":"None","internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}}
            """
        },
        {
            "Service: NodePort with an empty string target port",
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"web"},"spec":{"type":"NodePort","ports":[{"port":8080,"targetPort":""}]}}""",
            """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"web"},"spec":{"ports":[{"protocol":"TCP","port":8080,"targetPort":8080}],
              "type":"NodePort","sessionAffinity":"None","externalTrafficPolicy":"Cluster","internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}}
            """
        },
        {
            "Service: LoadBalancer allocates node ports; status ingress IPs get ipMode VIP",
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"web"},"spec":{"type":"LoadBalancer","ports":[{"port":443,"targetPort":8443}]},"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.1"},{"hostname":"lb.example.com"}]}}}""",
            """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"web"},"spec":{"ports":[{"protocol":"TCP","port":443,"targetPort":8443}],
              "type":"LoadBalancer","sessionAffinity":"None","externalTrafficPolicy":"Cluster","allocateLoadBalancerNodePorts":true,"internalTrafficPolicy":"Cluster"},
             "status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.1","ipMode":"VIP"},{"hostname":"lb.example.com"}]}}}
            """
        },
        {
            "Service: ClientIP affinity gets a 3 hour timeout; external IPs make a ClusterIP externally accessible",
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"web"},"spec":{"sessionAffinity":"ClientIP","externalIPs":["192.0.2.10"],"ports":[{"port":80}]}}""",
            """
            {"kind":"Service","apiVersion":"v1","metadata":{"name":"web"},"spec":{"ports":[{"protocol":"TCP","port":80,"targetPort":80}],"type":"ClusterIP","externalIPs":["192.0.2.10"],
              "sessionAffinity":"ClientIP","externalTrafficPolicy":"Cluster","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}},"internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}}
            """
        },
        {
            "Service: ExternalName gets no traffic policies; affinity config dropped with affinity None",
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"db"},"spec":{"type":"ExternalName","externalName":"db.example.com","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":60}}}}""",
            """{"kind":"Service","apiVersion":"v1","metadata":{"name":"db"},"spec":{"type":"ExternalName","sessionAffinity":"None","externalName":"db.example.com"},"status":{"loadBalancer":{}}}"""
        },
        {
            // spec.finalizers ["kubernetes"] is added by the registry, not by defaulting.
            "Namespace: name label and phase Active",
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a","labels":{"env":"prod"}}}""",
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a","labels":{"env":"prod","kubernetes.io/metadata.name":"team-a"}},"spec":{},"status":{"phase":"Active"}}"""
        },
        {
            "Namespace: no label without a name (generateName)",
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"generateName":"tmp-"},"status":{"phase":"Terminating"}}""",
            """{"kind":"Namespace","apiVersion":"v1","metadata":{"generateName":"tmp-"},"spec":{},"status":{"phase":"Terminating"}}"""
        },
        {
            "Secret: type Opaque",
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},"stringData":{"a":"b"}}""",
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},"stringData":{"a":"b"},"type":"Opaque"}"""
        },
        {
            "Secret: explicit type kept",
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},"type":"kubernetes.io/tls"}""",
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},"type":"kubernetes.io/tls"}"""
        },
        {
            "ConfigMap: nothing visible",
            """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c"}}""",
            """{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c"}}"""
        },
        {
            "Node: allocatable from capacity, both rounded",
            """{"kind":"Node","apiVersion":"v1","metadata":{"name":"n1"},"status":{"capacity":{"cpu":"4","memory":"8Gi","example.com/gpu":"0.0001"}}}""",
            """
            {"kind":"Node","apiVersion":"v1","metadata":{"name":"n1"},"spec":{},"status":{"capacity":{"cpu":"4","example.com/gpu":"1m","memory":"8Gi"},
              "allocatable":{"cpu":"4","example.com/gpu":"1m","memory":"8Gi"},"daemonEndpoints":{"kubeletEndpoint":{"Port":0}},
              "nodeInfo":{"machineID":"","systemUUID":"","bootID":"","kernelVersion":"","osImage":"","containerRuntimeVersion":"","kubeletVersion":"","kubeProxyVersion":"","operatingSystem":"","architecture":""}}}
            """
        },
        {
            "PersistentVolume: phase Pending, reclaim Retain, volume mode Filesystem, source defaults",
            """{"kind":"PersistentVolume","apiVersion":"v1","metadata":{"name":"pv"},"spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/data"}}}""",
            """
            {"kind":"PersistentVolume","apiVersion":"v1","metadata":{"name":"pv"},"spec":{"capacity":{"storage":"10Gi"},"hostPath":{"path":"/data","type":""},"accessModes":["ReadWriteOnce"],
              "persistentVolumeReclaimPolicy":"Retain","volumeMode":"Filesystem"},"status":{"phase":"Pending"}}
            """
        },
        {
            "PersistentVolume: legacy plugin sources",
            """{"kind":"PersistentVolume","apiVersion":"v1","metadata":{"name":"pv"},"spec":{"rbd":{"monitors":["m"],"image":"i"},"persistentVolumeReclaimPolicy":"Delete","volumeMode":"Block"}}""",
            """
            {"kind":"PersistentVolume","apiVersion":"v1","metadata":{"name":"pv"},"spec":{"rbd":{"monitors":["m"],"image":"i","pool":"rbd","user":"admin","keyring":"/etc/ceph/keyring"},
              "persistentVolumeReclaimPolicy":"Delete","volumeMode":"Block"},"status":{"phase":"Pending"}}
            """
        },
        {
            "PersistentVolumeClaim: phase Pending, volume mode Filesystem",
            """{"kind":"PersistentVolumeClaim","apiVersion":"v1","metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1.5Gi"}}}}""",
            """{"kind":"PersistentVolumeClaim","apiVersion":"v1","metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1536Mi"}},"volumeMode":"Filesystem"},"status":{"phase":"Pending"}}"""
        },
        {
            "Endpoints: port protocol TCP",
            """{"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80},{"port":53,"protocol":"UDP"}]}]}""",
            """{"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}]}"""
        },
        {
            "LimitRange: container defaults from max, default requests from defaults then min",
            """
            {"kind":"LimitRange","apiVersion":"v1","metadata":{"name":"l"},"spec":{"limits":[
              {"type":"Container","max":{"cpu":"2","memory":"1Gi"},"min":{"cpu":"100m","ephemeral-storage":"1Mi"},"default":{"memory":"512Mi"}},
              {"type":"Pod","max":{"cpu":"4"}}]}}
            """,
            """
            {"kind":"LimitRange","apiVersion":"v1","metadata":{"name":"l"},"spec":{"limits":[
              {"type":"Container","max":{"cpu":"2","memory":"1Gi"},"min":{"cpu":"100m","ephemeral-storage":"1Mi"},"default":{"cpu":"2","memory":"512Mi"},
               "defaultRequest":{"cpu":"2","ephemeral-storage":"1Mi","memory":"512Mi"}},
              {"type":"Pod","max":{"cpu":"4"}}]}}
            """
        },
        {
            "ResourceQuota: quantities rounded",
            """{"kind":"ResourceQuota","apiVersion":"v1","metadata":{"name":"q"},"spec":{"hard":{"requests.cpu":"0.0001","pods":"10"}}}""",
            """{"kind":"ResourceQuota","apiVersion":"v1","metadata":{"name":"q"},"spec":{"hard":{"pods":"10","requests.cpu":"1m"}},"status":{}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_CoreKind_WritesUpstreamDefaults(string name, string input, string expected)
    {
        name.ShouldNotBeEmpty();
        DefaultingHarness.AssertDefaults(input, expected);
    }
}

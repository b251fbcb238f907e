namespace KubeSharp.ApiServer.Tests.Defaulting;

public class PodDefaultingTests
{
    // The pod spec defaults every pod spec gets (Pod, PodTemplate, workload templates).
    private const string SpecDefaults =
        """ "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler" """;

    private const string ContainerDefaults =
        """ "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File" """;

    public static TheoryData<string, string, string> Cases => new()
    {
        {
            // What `kubectl run nginx --image=nginx --dry-run=server -o yaml` sends, and the part of the answer that
            // defaulting writes (admission adds serviceAccountName, the kube-api-access volume, tolerations,
            // priority and preemptionPolicy; the registry adds status.phase Pending and qosClass BestEffort).
            "kubectl run nginx --image=nginx",
            """{"kind":"Pod","apiVersion":"v1","metadata":{"name":"nginx","creationTimestamp":null,"labels":{"run":"nginx"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"},"status":{}}""",
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"nginx","labels":{"run":"nginx"}},
             "spec":{"containers":[{"name":"nginx","image":"nginx","imagePullPolicy":"Always",
                                    "resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
                     "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",
                     "securityContext":{},"schedulerName":"default-scheduler","enableServiceLinks":true},
             "status":{}}
            """
        },
        {
            "explicit values are kept",
            """{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","imagePullPolicy":"Never","terminationMessagePath":"/tmp/t","terminationMessagePolicy":"FallbackToLogsOnError"}],"restartPolicy":"Never","dnsPolicy":"Default","terminationGracePeriodSeconds":0,"securityContext":{"runAsUser":1000},"schedulerName":"other","enableServiceLinks":false}}""",
            """{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","imagePullPolicy":"Never","resources":{},"terminationMessagePath":"/tmp/t","terminationMessagePolicy":"FallbackToLogsOnError"}],"restartPolicy":"Never","dnsPolicy":"Default","terminationGracePeriodSeconds":0,"securityContext":{"runAsUser":1000},"schedulerName":"other","enableServiceLinks":false},"status":{}}"""
        },
        {
            "requests default to limits, per resource, in containers and init containers; quantities round up to milli units",
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{
              "initContainers":[{"name":"i","image":"busybox:1.36","resources":{"limits":{"cpu":"0.0001"}}}],
              "containers":[{"name":"c","image":"nginx:1.27","resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m"}}}],
              "overhead":{"cpu":"0.0000001"}}}
            """,
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{
              "initContainers":[{"name":"i","image":"busybox:1.36","imagePullPolicy":"IfNotPresent","resources":{"limits":{"cpu":"1m"},"requests":{"cpu":"1m"}},
                                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
              "containers":[{"name":"c","image":"nginx:1.27","imagePullPolicy":"IfNotPresent","resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"100m","memory":"128Mi"}},
                             "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
              "overhead":{"cpu":"1m"},@SpecDefaults@,"enableServiceLinks":true},"status":{}}
            """
        },
        {
            "ports get protocol TCP, and host ports on the host network",
            """{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80},{"containerPort":53,"protocol":"UDP","hostPort":5353}]}]}}""",
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"hostNetwork":true,
              "containers":[{"name":"c","image":"nginx","imagePullPolicy":"Always","ports":[{"containerPort":80,"hostPort":80,"protocol":"TCP"},{"containerPort":53,"hostPort":5353,"protocol":"UDP"}],@ContainerDefaults@}],
              @SpecDefaults@,"enableServiceLinks":true},"status":{}}
            """
        },
        {
            "probes, handlers and env field references",
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
              "env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}},{"name":"PLAIN","value":"x"}],
              "livenessProbe":{"httpGet":{"port":8080}},
              "readinessProbe":{"grpc":{"port":9090},"periodSeconds":5},
              "startupProbe":{"tcpSocket":{"port":80},"timeoutSeconds":2,"successThreshold":1,"failureThreshold":30},
              "lifecycle":{"postStart":{"httpGet":{"port":80,"path":"/start","scheme":"HTTPS"}},"preStop":{"httpGet":{"port":"http"}}}}]}}
            """,
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","imagePullPolicy":"IfNotPresent",
              "env":[{"name":"NODE","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"spec.nodeName"}}},{"name":"PLAIN","value":"x"}],
              "livenessProbe":{"httpGet":{"path":"/","port":8080,"scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
              "readinessProbe":{"grpc":{"port":9090,"service":""},"timeoutSeconds":1,"periodSeconds":5,"successThreshold":1,"failureThreshold":3},
              "startupProbe":{"tcpSocket":{"port":80},"timeoutSeconds":2,"periodSeconds":10,"successThreshold":1,"failureThreshold":30},
              "lifecycle":{"postStart":{"httpGet":{"path":"/start","port":80,"scheme":"HTTPS"}},"preStop":{"httpGet":{"path":"/","port":"http","scheme":"HTTP"}}},
              @ContainerDefaults@}],@SpecDefaults@,"enableServiceLinks":true},"status":{}}
            """
        },
        {
            "volumes: emptyDir when no source, modes 0644, hostPath type, token expiry, field refs, claim templates",
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}],"volumes":[
              {"name":"scratch"},
              {"name":"host","hostPath":{"path":"/var/log"}},
              {"name":"secret","secret":{"secretName":"s"}},
              {"name":"config","configMap":{"name":"cm","defaultMode":256}},
              {"name":"downward","downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}}]}},
              {"name":"projected","projected":{"sources":[{"serviceAccountToken":{"path":"token"}},{"downwardAPI":{"items":[{"path":"ns","fieldRef":{"fieldPath":"metadata.namespace"}}]}},{"configMap":{"name":"ca"}}]}},
              {"name":"ephemeral","ephemeral":{"volumeClaimTemplate":{"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}}},
              {"name":"pvc","persistentVolumeClaim":{"claimName":"data"}}]}}
            """,
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","imagePullPolicy":"Always",@ContainerDefaults@}],"volumes":[
              {"name":"scratch","emptyDir":{}},
              {"name":"host","hostPath":{"path":"/var/log","type":""}},
              {"name":"secret","secret":{"secretName":"s","defaultMode":420}},
              {"name":"config","configMap":{"name":"cm","defaultMode":256}},
              {"name":"downward","downwardAPI":{"items":[{"path":"labels","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.labels"}}],"defaultMode":420}},
              {"name":"projected","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3600,"path":"token"}},{"downwardAPI":{"items":[{"path":"ns","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}},{"configMap":{"name":"ca"}}],"defaultMode":420}},
              {"name":"ephemeral","ephemeral":{"volumeClaimTemplate":{"metadata":{},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem"}}}},
              {"name":"pvc","persistentVolumeClaim":{"claimName":"data"}}],
              @SpecDefaults@,"enableServiceLinks":true},"status":{}}
            """
        },
        {
            "legacy in-tree volume plugins get their marker defaults",
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}],"volumes":[
              {"name":"iscsi","iscsi":{"targetPortal":"10.0.0.1:3260","iqn":"iqn.2001-04.com.example:storage","lun":0}},
              {"name":"rbd","rbd":{"monitors":["10.0.0.2:6789"],"image":"foo"}},
              {"name":"scaleio","scaleIO":{"gateway":"https://gw","system":"sys","secretRef":{"name":"s"}}},
              {"name":"azure","azureDisk":{"diskName":"d","diskURI":"https://disk"}}]}}
            """,
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","imagePullPolicy":"Always",@ContainerDefaults@}],"volumes":[
              {"name":"iscsi","iscsi":{"targetPortal":"10.0.0.1:3260","iqn":"iqn.2001-04.com.example:storage","lun":0,"iscsiInterface":"default"}},
              {"name":"rbd","rbd":{"monitors":["10.0.0.2:6789"],"image":"foo","pool":"rbd","user":"admin","keyring":"/etc/ceph/keyring"}},
              {"name":"scaleio","scaleIO":{"gateway":"https://gw","system":"sys","secretRef":{"name":"s"},"storageMode":"ThinProvisioned","fsType":"xfs"}},
              {"name":"azure","azureDisk":{"diskName":"d","diskURI":"https://disk","cachingMode":"ReadWrite","fsType":"ext4","readOnly":false,"kind":"Shared"}}],
              @SpecDefaults@,"enableServiceLinks":true},"status":{}}
            """
        },
        {
            "ephemeral containers are defaulted like containers",
            """{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}],"ephemeralContainers":[{"name":"debug","image":"busybox","targetContainerName":"c"}]}}""",
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1.27","imagePullPolicy":"IfNotPresent",@ContainerDefaults@}],
              "ephemeralContainers":[{"name":"debug","image":"busybox","imagePullPolicy":"Always","targetContainerName":"c",@ContainerDefaults@}],
              @SpecDefaults@,"enableServiceLinks":true},"status":{}}
            """
        },
        {
            "status resources are rounded",
            """{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","imagePullPolicy":"Always"}]},"status":{"containerStatuses":[{"name":"c","ready":false,"restartCount":0,"image":"nginx","imageID":"","allocatedResources":{"cpu":"0.0005"},"resources":{"requests":{"cpu":"0.0005"}}}]}}""",
            """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","imagePullPolicy":"Always",@ContainerDefaults@}],@SpecDefaults@,"enableServiceLinks":true},
             "status":{"containerStatuses":[{"name":"c","state":{},"lastState":{},"ready":false,"restartCount":0,"image":"nginx","imageID":"","allocatedResources":{"cpu":"1m"},"resources":{"requests":{"cpu":"1m"}}}]}}
            """
        },
        {
            // A PodTemplate gets the pod spec defaults only: no enableServiceLinks, no requests from limits.
            "PodTemplate",
            """{"kind":"PodTemplate","apiVersion":"v1","metadata":{"name":"t"},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx:latest","resources":{"limits":{"cpu":"1"}}}]}}}""",
            """
            {"kind":"PodTemplate","apiVersion":"v1","metadata":{"name":"t"},"template":{"metadata":{"labels":{"a":"b"}},"spec":{
              "containers":[{"name":"c","image":"nginx:latest","imagePullPolicy":"Always","resources":{"limits":{"cpu":"1"}},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
              @SpecDefaults@}}}
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_Pod_WritesUpstreamDefaults(string name, string input, string expected)
    {
        name.ShouldNotBeEmpty();
        DefaultingHarness.AssertDefaults(Fill(input), Fill(expected));
    }

    // The tables name the shared fragments @Name@.
    private static string Fill(string json) => json.Replace("@SpecDefaults@", SpecDefaults, StringComparison.Ordinal).Replace("@ContainerDefaults@", ContainerDefaults, StringComparison.Ordinal);
}

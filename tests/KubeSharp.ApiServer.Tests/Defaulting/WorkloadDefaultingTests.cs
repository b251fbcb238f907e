namespace KubeSharp.ApiServer.Tests.Defaulting;

public class WorkloadDefaultingTests
{
    // A minimal pod template and what it becomes (pod spec defaults only: no enableServiceLinks).
    private const string Template =
        """{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}""";

    private const string DefaultedTemplate =
        """
        {"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx","imagePullPolicy":"Always","resources":{},
          "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
          "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}}
        """;

    private const string Selector = """{"matchLabels":{"app":"web"}}""";

    public static TheoryData<string, string, string> Cases => new()
    {
        {
            // What `kubectl create deployment web --image=nginx` sends.
            "kubectl create deployment web --image=nginx",
            """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},"strategy":{}},"status":{}}""",
            """
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":1,"selector":@Selector@,
              "template":@DefaultedTemplate@,
              "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
              "revisionHistoryLimit":10,"progressDeadlineSeconds":600},"status":{}}
            """
        },
        {
            "Deployment: Recreate gets no rolling update; explicit values kept",
            """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"replicas":0,"selector":@Selector@,"template":@Template@,"strategy":{"type":"Recreate"},"revisionHistoryLimit":2,"progressDeadlineSeconds":60}}""",
            """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"replicas":0,"selector":@Selector@,"template":@DefaultedTemplate@,"strategy":{"type":"Recreate"},"revisionHistoryLimit":2,"progressDeadlineSeconds":60},"status":{}}"""
        },
        {
            "Deployment: a partial rolling update is completed",
            """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"selector":@Selector@,"template":@Template@,"strategy":{"rollingUpdate":{"maxSurge":1}}}}""",
            """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"replicas":1,"selector":@Selector@,"template":@DefaultedTemplate@,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":1}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600},"status":{}}"""
        },
        {
            // Host ports are defaulted in Pods only (the DefaultHostNetworkHostPortsInPodTemplates gate is gone since v1.31).
            "Deployment: a host network template gets no host ports",
            """{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"h"},"spec":{"selector":@Selector@,"template":{"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}""",
            """
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"h"},"spec":{"replicas":1,"selector":@Selector@,
              "template":{"metadata":{},"spec":{"hostNetwork":true,"containers":[{"name":"c","image":"nginx:1.27","imagePullPolicy":"IfNotPresent","ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{},
                "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
                "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},
              "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600},"status":{}}
            """
        },
        {
            "ReplicaSet",
            """{"kind":"ReplicaSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"selector":@Selector@,"template":@Template@}}""",
            """{"kind":"ReplicaSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"replicas":1,"selector":@Selector@,"template":@DefaultedTemplate@},"status":{"replicas":0}}"""
        },
        {
            "DaemonSet",
            """{"kind":"DaemonSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"selector":@Selector@,"template":@Template@}}""",
            """
            {"kind":"DaemonSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"selector":@Selector@,"template":@DefaultedTemplate@,
              "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}},"revisionHistoryLimit":10},
             "status":{"currentNumberScheduled":0,"numberMisscheduled":0,"desiredNumberScheduled":0,"numberReady":0}}
            """
        },
        {
            "DaemonSet: OnDelete gets no rolling update",
            """{"kind":"DaemonSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"selector":@Selector@,"template":@Template@,"updateStrategy":{"type":"OnDelete"}}}""",
            """
            {"kind":"DaemonSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"selector":@Selector@,"template":@DefaultedTemplate@,
              "updateStrategy":{"type":"OnDelete"},"revisionHistoryLimit":10},
             "status":{"currentNumberScheduled":0,"numberMisscheduled":0,"desiredNumberScheduled":0,"numberReady":0}}
            """
        },
        {
            // Claim templates are defaulted as PersistentVolumeClaims, status.phase Pending included (as upstream).
            "StatefulSet",
            """{"kind":"StatefulSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"serviceName":"web","selector":@Selector@,"template":@Template@,"volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}""",
            """
            {"kind":"StatefulSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"replicas":1,"selector":@Selector@,"template":@DefaultedTemplate@,
              "volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem"},"status":{"phase":"Pending"}}],
              "serviceName":"web","podManagementPolicy":"OrderedReady","updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},"revisionHistoryLimit":10,
              "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"}},
             "status":{"replicas":0,"availableReplicas":0}}
            """
        },
        {
            "StatefulSet: an explicit RollingUpdate without parameters gets none; OnDelete kept",
            """{"kind":"StatefulSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"serviceName":"web","selector":@Selector@,"template":@Template@,"updateStrategy":{"type":"RollingUpdate"},"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"}}}""",
            """
            {"kind":"StatefulSet","apiVersion":"apps/v1","metadata":{"name":"web"},"spec":{"replicas":1,"selector":@Selector@,"template":@DefaultedTemplate@,
              "serviceName":"web","podManagementPolicy":"OrderedReady","updateStrategy":{"type":"RollingUpdate"},"revisionHistoryLimit":10,
              "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete","whenScaled":"Retain"}},
             "status":{"replicas":0,"availableReplicas":0}}
            """
        },
        {
            "ReplicationController: selector and labels from the template",
            """{"kind":"ReplicationController","apiVersion":"v1","metadata":{"name":"web"},"spec":{"template":@Template@}}""",
            """{"kind":"ReplicationController","apiVersion":"v1","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":1,"selector":{"app":"web"},"template":@DefaultedTemplate@},"status":{"replicas":0}}"""
        },
        {
            "ReplicationController: existing selector and labels kept",
            """{"kind":"ReplicationController","apiVersion":"v1","metadata":{"name":"web","labels":{"tier":"front"}},"spec":{"replicas":3,"selector":{"app":"web","v":"1"},"template":@Template@}}""",
            """{"kind":"ReplicationController","apiVersion":"v1","metadata":{"name":"web","labels":{"tier":"front"}},"spec":{"replicas":3,"selector":{"app":"web","v":"1"},"template":@DefaultedTemplate@},"status":{"replicas":0}}"""
        },
        {
            "Job: completions and parallelism 1, backoffLimit 6, labels from the template",
            """{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"pi"},"spec":{"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx"}],"restartPolicy":"Never"}}}}""",
            """
            {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"pi","labels":{"app":"web"}},"spec":{"parallelism":1,"completions":1,"backoffLimit":6,"manualSelector":false,
              "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx","imagePullPolicy":"Always","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
                "restartPolicy":"Never","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}},
              "completionMode":"NonIndexed","suspend":false,"podReplacementPolicy":"TerminatingOrFailed"},"status":{}}
            """
        },
        {
            "Job: parallel work queue, per-index backoff, pod failure policy",
            """
            {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"q"},"spec":{"parallelism":3,"completionMode":"Indexed","completions":5,"backoffLimitPerIndex":1,
              "podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]}]},"template":@Template@}}
            """,
            """
            {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"q","labels":{"app":"web"}},"spec":{"parallelism":3,"completions":5,"backoffLimit":2147483647,"backoffLimitPerIndex":1,"manualSelector":false,
              "podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}]},
              "template":@DefaultedTemplate@,"completionMode":"Indexed","suspend":false,"podReplacementPolicy":"Failed"},"status":{}}
            """
        },
        {
            "Job: only completions set",
            """{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"q","labels":{"own":"label"}},"spec":{"completions":4,"template":@Template@}}""",
            """
            {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"q","labels":{"own":"label"}},"spec":{"parallelism":1,"completions":4,"backoffLimit":6,"manualSelector":false,
              "template":@DefaultedTemplate@,"completionMode":"NonIndexed","suspend":false,"podReplacementPolicy":"TerminatingOrFailed"},"status":{}}
            """
        },
        {
            // The job template is not a Job: only its pod template is defaulted.
            "CronJob",
            """{"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"c"},"spec":{"schedule":"*/5 * * * *","jobTemplate":{"spec":{"template":@Template@}}}}""",
            """
            {"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"c"},"spec":{"schedule":"*/5 * * * *","concurrencyPolicy":"Allow","suspend":false,
              "jobTemplate":{"metadata":{},"spec":{"template":@DefaultedTemplate@}},"successfulJobsHistoryLimit":3,"failedJobsHistoryLimit":1},"status":{}}
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_Workload_WritesUpstreamDefaults(string name, string input, string expected)
    {
        name.ShouldNotBeEmpty();
        DefaultingHarness.AssertDefaults(Fill(input), Fill(expected));
    }

    // The tables name the shared fragments @Name@.
    private static string Fill(string json) => json.Replace("@DefaultedTemplate@", DefaultedTemplate, StringComparison.Ordinal).Replace("@Template@", Template, StringComparison.Ordinal).Replace("@Selector@", Selector, StringComparison.Ordinal);
}

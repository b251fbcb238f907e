namespace KubeSharp.ApiServer.Tests.Defaulting;

public class ApiGroupDefaultingTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "HorizontalPodAutoscaler v2: one minimum replica, 80% CPU",
            """{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"maxReplicas":5}}""",
            """
            {"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":5,
              "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}]},"status":{"desiredReplicas":0,"currentMetrics":null}}
            """
        },
        {
            "HorizontalPodAutoscaler v2: a behavior is completed from the defaults",
            """
            {"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5,
              "metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}],
              "behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}}
            """,
            """
            {"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":5,
              "metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}],
              "behavior":{"scaleUp":{"stabilizationWindowSeconds":0,"selectPolicy":"Max","policies":[{"type":"Pods","value":4,"periodSeconds":15},{"type":"Percent","value":100,"periodSeconds":15}]},
                          "scaleDown":{"stabilizationWindowSeconds":60,"selectPolicy":"Max","policies":[{"type":"Percent","value":100,"periodSeconds":15}]}}},
             "status":{"desiredReplicas":0,"currentMetrics":null}}
            """
        },
        {
            // The 80% CPU target of v1 is applied by conversion, not defaulting.
            "HorizontalPodAutoscaler v1: one minimum replica only",
            """{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":5}}""",
            """{"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v1","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5},"status":{"currentReplicas":0,"desiredReplicas":0}}"""
        },
        {
            "PodDisruptionBudget: no defaults",
            """{"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"p"},"spec":{"minAvailable":1}}""",
            """{"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"p"},"spec":{"minAvailable":1},"status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}}"""
        },
        {
            "NetworkPolicy: Ingress policy type, port protocol TCP",
            """{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1","metadata":{"name":"n"},"spec":{"podSelector":{},"ingress":[{"ports":[{"port":80}]}]}}""",
            """{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1","metadata":{"name":"n"},"spec":{"podSelector":{},"ingress":[{"ports":[{"protocol":"TCP","port":80}]}],"policyTypes":["Ingress"]}}"""
        },
        {
            "NetworkPolicy: egress rules add the Egress policy type",
            """{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1","metadata":{"name":"n"},"spec":{"podSelector":{},"egress":[{"ports":[{"protocol":"UDP","port":53}]}]}}""",
            """{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1","metadata":{"name":"n"},"spec":{"podSelector":{},"egress":[{"ports":[{"protocol":"UDP","port":53}]}],"policyTypes":["Ingress","Egress"]}}"""
        },
        {
            "Ingress: no defaults (pathType is required in v1)",
            """{"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"name":"i"},"spec":{"rules":[{"http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}""",
            """{"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"name":"i"},"spec":{"rules":[{"http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]},"status":{"loadBalancer":{}}}"""
        },
        {
            "IngressClass: parameters scope Cluster",
            """{"kind":"IngressClass","apiVersion":"networking.k8s.io/v1","metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx","parameters":{"kind":"Params","name":"p"}}}""",
            """{"kind":"IngressClass","apiVersion":"networking.k8s.io/v1","metadata":{"name":"nginx"},"spec":{"controller":"k8s.io/ingress-nginx","parameters":{"kind":"Params","name":"p","scope":"Cluster"}}}"""
        },
        {
            "EndpointSlice: port name and protocol",
            """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"web-1"},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.1"]}],"ports":[{"port":80}]}""",
            """{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"web-1"},"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.1"],"conditions":{}}],"ports":[{"name":"","protocol":"TCP","port":80}]}"""
        },
        {
            "RoleBinding: role ref and subject API groups",
            """{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"b"},"subjects":[{"kind":"User","name":"alice"},{"kind":"Group","name":"devs"},{"kind":"ServiceAccount","name":"sa","namespace":"ns"}],"roleRef":{"kind":"Role","name":"r"}}""",
            """
            {"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"b"},
             "subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"},{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"devs"},{"kind":"ServiceAccount","name":"sa","namespace":"ns"}],
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"}}
            """
        },
        {
            "ClusterRoleBinding: role ref API group",
            """{"kind":"ClusterRoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"b"},"roleRef":{"kind":"ClusterRole","name":"view"}}""",
            """{"kind":"ClusterRoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"b"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"}}"""
        },
        {
            "StorageClass: reclaim Delete, binding Immediate",
            """{"kind":"StorageClass","apiVersion":"storage.k8s.io/v1","metadata":{"name":"local"},"provisioner":"rancher.io/local-path"}""",
            """{"kind":"StorageClass","apiVersion":"storage.k8s.io/v1","metadata":{"name":"local"},"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"Immediate"}"""
        },
        {
            "CSIDriver",
            """{"kind":"CSIDriver","apiVersion":"storage.k8s.io/v1","metadata":{"name":"csi.example.com"},"spec":{}}""",
            """
            {"kind":"CSIDriver","apiVersion":"storage.k8s.io/v1","metadata":{"name":"csi.example.com"},"spec":{"attachRequired":true,"podInfoOnMount":false,"volumeLifecycleModes":["Persistent"],
              "storageCapacity":false,"fsGroupPolicy":"ReadWriteOnceWithFSType","requiresRepublish":false,"seLinuxMount":false}}
            """
        },
        {
            "VolumeAttachment: inline volume source defaults",
            """{"kind":"VolumeAttachment","apiVersion":"storage.k8s.io/v1","metadata":{"name":"va"},"spec":{"attacher":"a","nodeName":"n","source":{"inlineVolumeSpec":{"hostPath":{"path":"/x"}}}}}""",
            """{"kind":"VolumeAttachment","apiVersion":"storage.k8s.io/v1","metadata":{"name":"va"},"spec":{"attacher":"a","source":{"inlineVolumeSpec":{"hostPath":{"path":"/x","type":""}}},"nodeName":"n"},"status":{"attached":false}}"""
        },
        {
            "PriorityClass: PreemptLowerPriority",
            """{"kind":"PriorityClass","apiVersion":"scheduling.k8s.io/v1","metadata":{"name":"high"},"value":1000}""",
            """{"kind":"PriorityClass","apiVersion":"scheduling.k8s.io/v1","metadata":{"name":"high"},"value":1000,"preemptionPolicy":"PreemptLowerPriority"}"""
        },
        {
            "ValidatingWebhookConfiguration",
            """
            {"kind":"ValidatingWebhookConfiguration","apiVersion":"admissionregistration.k8s.io/v1","metadata":{"name":"v"},"webhooks":[{"name":"v.example.com",
              "clientConfig":{"service":{"namespace":"ns","name":"svc"}},"rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}],
              "sideEffects":"None","admissionReviewVersions":["v1"]}]}
            """,
            """
            {"kind":"ValidatingWebhookConfiguration","apiVersion":"admissionregistration.k8s.io/v1","metadata":{"name":"v"},"webhooks":[{"name":"v.example.com",
              "clientConfig":{"service":{"namespace":"ns","name":"svc","port":443}},"rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"],"scope":"*"}],
              "failurePolicy":"Fail","matchPolicy":"Equivalent","namespaceSelector":{},"objectSelector":{},"sideEffects":"None","timeoutSeconds":10,"admissionReviewVersions":["v1"]}]}
            """
        },
        {
            "MutatingWebhookConfiguration",
            """{"kind":"MutatingWebhookConfiguration","apiVersion":"admissionregistration.k8s.io/v1","metadata":{"name":"m"},"webhooks":[{"name":"m.example.com","clientConfig":{"url":"https://hook"},"sideEffects":"None","admissionReviewVersions":["v1"]}]}""",
            """
            {"kind":"MutatingWebhookConfiguration","apiVersion":"admissionregistration.k8s.io/v1","metadata":{"name":"m"},"webhooks":[{"name":"m.example.com","clientConfig":{"url":"https://hook"},
              "failurePolicy":"Fail","matchPolicy":"Equivalent","namespaceSelector":{},"objectSelector":{},"sideEffects":"None","timeoutSeconds":10,"admissionReviewVersions":["v1"],"reinvocationPolicy":"Never"}]}
            """
        },
        {
            "ValidatingAdmissionPolicy",
            """{"kind":"ValidatingAdmissionPolicy","apiVersion":"admissionregistration.k8s.io/v1","metadata":{"name":"p"},"spec":{"matchConstraints":{"resourceRules":[{"apiGroups":["apps"],"apiVersions":["v1"],"operations":["CREATE"],"resources":["deployments"]}]},"validations":[{"expression":"true"}]}}""",
            """
            {"kind":"ValidatingAdmissionPolicy","apiVersion":"admissionregistration.k8s.io/v1","metadata":{"name":"p"},"spec":{
              "matchConstraints":{"namespaceSelector":{},"objectSelector":{},"resourceRules":[{"operations":["CREATE"],"apiGroups":["apps"],"apiVersions":["v1"],"resources":["deployments"],"scope":"*"}],"matchPolicy":"Equivalent"},
              "validations":[{"expression":"true"}],"failurePolicy":"Fail"},"status":{}}
            """
        },
        {
            "CustomResourceDefinition",
            """
            {"kind":"CustomResourceDefinition","apiVersion":"apiextensions.k8s.io/v1","metadata":{"name":"crontabs.stable.example.com"},"spec":{"group":"stable.example.com","scope":"Namespaced",
              "names":{"plural":"crontabs","kind":"CronTab"},"versions":[{"name":"v1beta1","served":true,"storage":false},{"name":"v1","served":true,"storage":true}]}}
            """,
            """
            {"kind":"CustomResourceDefinition","apiVersion":"apiextensions.k8s.io/v1","metadata":{"name":"crontabs.stable.example.com"},"spec":{"group":"stable.example.com",
              "names":{"plural":"crontabs","singular":"crontab","kind":"CronTab","listKind":"CronTabList"},"scope":"Namespaced",
              "versions":[{"name":"v1beta1","served":true,"storage":false},{"name":"v1","served":true,"storage":true}],"conversion":{"strategy":"None"}},
             "status":{"conditions":null,"acceptedNames":{"plural":"","kind":""},"storedVersions":["v1"]}}
            """
        },
        {
            "APIService: service port 443",
            """{"kind":"APIService","apiVersion":"apiregistration.k8s.io/v1","metadata":{"name":"v1beta1.metrics.k8s.io"},"spec":{"service":{"namespace":"kube-system","name":"metrics-server"},"group":"metrics.k8s.io","version":"v1beta1","groupPriorityMinimum":100,"versionPriority":100}}""",
            """{"kind":"APIService","apiVersion":"apiregistration.k8s.io/v1","metadata":{"name":"v1beta1.metrics.k8s.io"},"spec":{"service":{"namespace":"kube-system","name":"metrics-server","port":443},"group":"metrics.k8s.io","version":"v1beta1","groupPriorityMinimum":100,"versionPriority":100},"status":{}}"""
        },
        {
            "FlowSchema: matching precedence 1000",
            """{"kind":"FlowSchema","apiVersion":"flowcontrol.apiserver.k8s.io/v1","metadata":{"name":"f"},"spec":{"priorityLevelConfiguration":{"name":"p"}}}""",
            """{"kind":"FlowSchema","apiVersion":"flowcontrol.apiserver.k8s.io/v1","metadata":{"name":"f"},"spec":{"priorityLevelConfiguration":{"name":"p"},"matchingPrecedence":1000},"status":{}}"""
        },
        {
            "PriorityLevelConfiguration: limited with queuing",
            """{"kind":"PriorityLevelConfiguration","apiVersion":"flowcontrol.apiserver.k8s.io/v1","metadata":{"name":"p"},"spec":{"type":"Limited","limited":{"limitResponse":{"type":"Queue","queuing":{}}}}}""",
            """
            {"kind":"PriorityLevelConfiguration","apiVersion":"flowcontrol.apiserver.k8s.io/v1","metadata":{"name":"p"},"spec":{"type":"Limited","limited":{"nominalConcurrencyShares":30,
              "limitResponse":{"type":"Queue","queuing":{"queues":64,"handSize":8,"queueLengthLimit":50}},"lendablePercent":0}},"status":{}}
            """
        },
        {
            "PriorityLevelConfiguration: exempt",
            """{"kind":"PriorityLevelConfiguration","apiVersion":"flowcontrol.apiserver.k8s.io/v1","metadata":{"name":"exempt"},"spec":{"type":"Exempt","exempt":{}}}""",
            """{"kind":"PriorityLevelConfiguration","apiVersion":"flowcontrol.apiserver.k8s.io/v1","metadata":{"name":"exempt"},"spec":{"type":"Exempt","exempt":{"nominalConcurrencyShares":0,"lendablePercent":0}},"status":{}}"""
        },
        {
            "PodCertificateRequest: a day's maximum expiration",
            """{"kind":"PodCertificateRequest","apiVersion":"certificates.k8s.io/v1","metadata":{"name":"r"},"spec":{"signerName":"example.com/s","podName":"p"}}""",
            """{"kind":"PodCertificateRequest","apiVersion":"certificates.k8s.io/v1","metadata":{"name":"r"},"spec":{"signerName":"example.com/s","podName":"p","podUID":"","serviceAccountName":"","serviceAccountUID":"","nodeName":"","nodeUID":"","maxExpirationSeconds":86400,"stubPKCS10Request":null},"status":{}}"""
        },
        {
            "ResourceClaim: ExactCount of one, tolerations Equal",
            """{"kind":"ResourceClaim","apiVersion":"resource.k8s.io/v1","metadata":{"name":"gpu"},"spec":{"devices":{"requests":[{"name":"g","exactly":{"deviceClassName":"gpu.example.com","tolerations":[{"key":"k","value":"v"}]}}]}}}""",
            """{"kind":"ResourceClaim","apiVersion":"resource.k8s.io/v1","metadata":{"name":"gpu"},"spec":{"devices":{"requests":[{"name":"g","exactly":{"deviceClassName":"gpu.example.com","allocationMode":"ExactCount","count":1,"tolerations":[{"key":"k","operator":"Equal","value":"v"}]}}]}},"status":{}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_ApiGroupKind_WritesUpstreamDefaults(string name, string input, string expected)
    {
        name.ShouldNotBeEmpty();
        DefaultingHarness.AssertDefaults(input, expected);
    }
}

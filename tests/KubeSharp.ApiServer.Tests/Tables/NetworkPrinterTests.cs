using KubeSharp.Api.Core.V1;
using KubeSharp.Api.Discovery.V1;
using KubeSharp.Api.Networking.V1;

namespace KubeSharp.ApiServer.Tests.Tables;

public class NetworkPrinterTests
{
    private const string Meta = "'metadata':{'name':'s','creationTimestamp':'2025-01-01T11:30:00Z'}";

    public static TheoryData<string, string, string> ServiceCases => new()
    {
        {
            "ClusterIP_PortsAndSelector",
            "{" + Meta + ",'spec':{'type':'ClusterIP','clusterIP':'10.43.0.10','clusterIPs':['10.43.0.10'],'selector':{'k8s-app':'kube-dns'},"
                + "'ports':[{'name':'dns','port':53,'protocol':'UDP'},{'name':'dns-tcp','port':53,'protocol':'TCP'}]}}",
            "\"s\",\"ClusterIP\",\"10.43.0.10\",\"<none>\",\"53/UDP,53/TCP\",\"30m\",\"k8s-app=kube-dns\""
        },
        {
            "ClusterIP_ExternalIPs",
            "{" + Meta + ",'spec':{'type':'ClusterIP','clusterIPs':['10.43.0.11'],'externalIPs':['1.2.3.4','5.6.7.8'],'ports':[{'port':80,'protocol':'TCP'}]}}",
            "\"s\",\"ClusterIP\",\"10.43.0.11\",\"1.2.3.4,5.6.7.8\",\"80/TCP\",\"30m\",\"<none>\""
        },
        {
            "Headless_NoPorts",
            "{" + Meta + ",'spec':{'type':'ClusterIP','clusterIP':'None','clusterIPs':['None']}}",
            "\"s\",\"ClusterIP\",\"None\",\"<none>\",\"<none>\",\"30m\",\"<none>\""
        },
        {
            "NodePort_PortString",
            "{" + Meta + ",'spec':{'type':'NodePort','clusterIPs':['10.43.0.12'],'ports':[{'port':80,'nodePort':30080,'protocol':'TCP'},{'port':443,'nodePort':30443,'protocol':'TCP'}]}}",
            "\"s\",\"NodePort\",\"10.43.0.12\",\"<none>\",\"80:30080/TCP,443:30443/TCP\",\"30m\",\"<none>\""
        },
        {
            "LoadBalancer_Pending",
            "{" + Meta + ",'spec':{'type':'LoadBalancer','clusterIPs':['10.43.0.13'],'ports':[{'port':80,'nodePort':31000,'protocol':'TCP'}]}}",
            "\"s\",\"LoadBalancer\",\"10.43.0.13\",\"<pending>\",\"80:31000/TCP\",\"30m\",\"<none>\""
        },
        {
            "LoadBalancer_IngressSortedDistinct_NotClipped",
            "{" + Meta + ",'spec':{'type':'LoadBalancer','clusterIPs':['10.43.0.14']},'status':{'loadBalancer':{'ingress':["
                + "{'ip':'192.168.100.200'},{'hostname':'lb.example.com'},{'ip':'192.168.100.200'},{'ip':'10.1.1.1'}]}}}",
            "\"s\",\"LoadBalancer\",\"10.43.0.14\",\"10.1.1.1,192.168.100.200,lb.example.com\",\"<none>\",\"30m\",\"<none>\""
        },
        {
            "LoadBalancer_IngressThenExternalIPs",
            "{" + Meta + ",'spec':{'type':'LoadBalancer','clusterIPs':['10.43.0.15'],'externalIPs':['9.9.9.9']},'status':{'loadBalancer':{'ingress':[{'ip':'1.1.1.1'}]}}}",
            "\"s\",\"LoadBalancer\",\"10.43.0.15\",\"1.1.1.1,9.9.9.9\",\"<none>\",\"30m\",\"<none>\""
        },
        {
            "ExternalName",
            "{" + Meta + ",'spec':{'type':'ExternalName','externalName':'db.example.com'}}",
            "\"s\",\"ExternalName\",\"<none>\",\"db.example.com\",\"<none>\",\"30m\",\"<none>\""
        },
        {
            "NoType_Unknown",
            "{" + Meta + ",'spec':{'clusterIP':'10.43.0.16'}}",
            "\"s\",\"\",\"10.43.0.16\",\"<unknown>\",\"<none>\",\"30m\",\"<none>\""
        },
    };

    [Theory]
    [MemberData(nameof(ServiceCases))]
    public void Print_Service_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<Service>("", "services", json).ShouldBe(expected);
    }

    public static TheoryData<string, string, string> EndpointsCases => new()
    {
        { "NoSubsets_None", "{" + Meta + "}", "\"s\",\"<none>\",\"30m\"" },
        {
            "HostPorts",
            "{" + Meta + ",'subsets':[{'addresses':[{'ip':'10.42.0.5'},{'ip':'10.42.0.6'}],'ports':[{'port':8080}]}]}",
            "\"s\",\"10.42.0.5:8080,10.42.0.6:8080\",\"30m\""
        },
        {
            "Headless_NoPorts_IpsOnly",
            "{" + Meta + ",'subsets':[{'addresses':[{'ip':'10.42.0.5'}]}]}",
            "\"s\",\"10.42.0.5\",\"30m\""
        },
        {
            "Ipv6_Bracketed",
            "{" + Meta + ",'subsets':[{'addresses':[{'ip':'fd00::1'}],'ports':[{'port':443}]}]}",
            "\"s\",\"[fd00::1]:443\",\"30m\""
        },
        {
            "MoreThanThree",
            "{" + Meta + ",'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'},{'ip':'10.0.0.3'}],'ports':[{'port':80},{'port':443}]},"
                + "{'addresses':[{'ip':'10.0.0.4'}],'notReadyAddresses':[{'ip':'10.0.0.9'}],'ports':[{'port':80}]}]}",
            "\"s\",\"10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 4 more...\",\"30m\""
        },
        {
            "NotReadyOnly_Empty",
            "{" + Meta + ",'subsets':[{'notReadyAddresses':[{'ip':'10.0.0.9'}],'ports':[{'port':80}]}]}",
            "\"s\",\"\",\"30m\""
        },
    };

    [Theory]
    [MemberData(nameof(EndpointsCases))]
    public void Print_Endpoints_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<Endpoints>("", "endpoints", json).ShouldBe(expected);
    }

    public static TheoryData<string, string, string> EndpointSliceCases => new()
    {
        { "Empty_Unset", "{" + Meta + ",'addressType':'IPv4'}", "\"s\",\"IPv4\",\"<unset>\",\"<unset>\",\"30m\"" },
        {
            "PortsAndEndpoints",
            "{" + Meta + ",'addressType':'IPv4','ports':[{'name':'http','port':80},{'name':'named'},{}],"
                + "'endpoints':[{'addresses':['10.0.0.1']},{'addresses':['10.0.0.2','10.0.0.3']}]}",
            "\"s\",\"IPv4\",\"80,named,*\",\"10.0.0.1,10.0.0.2,10.0.0.3\",\"30m\""
        },
        {
            "More",
            "{" + Meta + ",'addressType':'IPv6','ports':[{'port':1},{'port':2},{'port':3},{'port':4},{'port':5}],"
                + "'endpoints':[{'addresses':['a','b','c','d']}]}",
            "\"s\",\"IPv6\",\"1,2,3 + 2 more...\",\"a,b,c + 1 more...\",\"30m\""
        },
    };

    [Theory]
    [MemberData(nameof(EndpointSliceCases))]
    public void Print_EndpointSlice_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<EndpointSlice>("discovery.k8s.io", "endpointslices", json).ShouldBe(expected);
    }

    public static TheoryData<string, string, string> IngressCases => new()
    {
        { "Bare", "{" + Meta + "}", "\"s\",\"<none>\",\"*\",\"\",\"80\",\"30m\"" },
        {
            "ClassHostsAddressTls",
            "{" + Meta + ",'spec':{'ingressClassName':'traefik','tls':[{'hosts':['a.example.com']}],'rules':[{'host':'a.example.com'},{'host':'b.example.com'}]},"
                + "'status':{'loadBalancer':{'ingress':[{'ip':'192.168.1.20'},{'hostname':'lb.local'},{'ip':'192.168.1.10'}]}}}",
            "\"s\",\"traefik\",\"a.example.com,b.example.com\",\"192.168.1.10,192.168.1.20,lb.local\",\"80, 443\",\"30m\""
        },
        {
            "RulesWithoutHosts_Star",
            "{" + Meta + ",'spec':{'rules':[{'http':{'paths':[]}}]}}",
            "\"s\",\"<none>\",\"*\",\"\",\"80\",\"30m\""
        },
        {
            "MoreThanThreeHosts",
            "{" + Meta + ",'spec':{'rules':[{'host':'a'},{'host':'b'},{'host':'c'},{'host':'d'},{'host':'e'}]}}",
            "\"s\",\"<none>\",\"a,b,c + 2 more...\",\"\",\"80\",\"30m\""
        },
    };

    [Theory]
    [MemberData(nameof(IngressCases))]
    public void Print_Ingress_CellsAsUpstream(string name, string json, string expected)
    {
        _ = name;
        TableTestSupport.Cells<Ingress>("networking.k8s.io", "ingresses", json).ShouldBe(expected);
    }

    [Theory]
    [InlineData("NoParameters", "{'controller':'traefik.io/ingress-controller'}", "\"traefik.io/ingress-controller\",\"<none>\"")]
    [InlineData("GroupedParameters", "{'controller':'c','parameters':{'apiGroup':'k8s.example.com','kind':'IngressParameters','name':'p'}}", "\"c\",\"IngressParameters.k8s.example.com/p\"")]
    [InlineData("CoreParameters", "{'controller':'c','parameters':{'kind':'ConfigMap','name':'cm'}}", "\"c\",\"ConfigMap/cm\"")]
    public void Print_IngressClass_Parameters(string name, string spec, string expected)
    {
        _ = name;
        TableTestSupport.Cells<IngressClass>("networking.k8s.io", "ingressclasses", "{" + Meta + ",'spec':" + spec + "}")
            .ShouldBe("\"s\"," + expected + ",\"30m\"");
    }

    [Theory]
    [InlineData("EmptySelector_None", "{}", "\"<none>\"")]
    [InlineData("Labels", "{'matchLabels':{'role':'db'}}", "\"role=db\"")]
    [InlineData("NotIn", "{'matchExpressions':[{'key':'tier','operator':'NotIn','values':['b','a']}]}", "\"tier notin (a,b)\"")]
    public void Print_NetworkPolicy_PodSelector(string name, string selector, string expected)
    {
        _ = name;
        TableTestSupport.Cells<NetworkPolicy>("networking.k8s.io", "networkpolicies", "{" + Meta + ",'spec':{'podSelector':" + selector + "}}")
            .ShouldBe("\"s\"," + expected + ",\"30m\"");
    }

    [Fact]
    public void Print_ServiceCidr_JoinedCidrs()
        => TableTestSupport.Cells<ServiceCIDR>("networking.k8s.io", "servicecidrs", "{" + Meta + ",'spec':{'cidrs':['10.43.0.0/16','fd00:43::/112']}}")
            .ShouldBe("\"s\",\"10.43.0.0/16,fd00:43::/112\",\"30m\"");

    [Theory]
    [InlineData("Service", "{'parentRef':{'group':'','resource':'services','namespace':'default','name':'kubernetes'}}", "\"services/default/kubernetes\"")]
    [InlineData("GroupedClusterScoped", "{'parentRef':{'group':'Example.COM','resource':'Gateways','name':'g'}}", "\"gateways.example.com/g\"")]
    [InlineData("NoParent", "{}", "\"<none>\"")]
    public void Print_IPAddress_ParentRefAndAgeCell(string name, string spec, string expected)
    {
        _ = name;
        TableTestSupport.Cells<IPAddress>("networking.k8s.io", "ipaddresses", "{" + Meta + ",'spec':" + spec + "}")
            .ShouldBe("\"s\"," + expected + ",\"30m\"");
    }
}

using System.Text;
using BenchmarkDotNet.Attributes;
using KubeSharp.Api.Manifests;

namespace KubeSharp.Api.Benchmarks;

/// <summary>Decode a 1,000-document YAML stream (Deployments, Services, ConfigMaps) into typed objects.</summary>
[MemoryDiagnoser]
public class ManifestBenchmarks
{
    private byte[] _stream = [];
    private readonly ManifestDecoder _decoder = new(ApiTypeTable.Generated);

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            sb.Append("---\n");
            sb.Append((i % 3) switch
            {
                0 => $$"""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: web-{{i}}
                      labels: {app: web-{{i}}, tier: frontend}
                    spec:
                      replicas: 3
                      selector:
                        matchLabels: {app: web-{{i}}}
                      template:
                        metadata:
                          labels: {app: web-{{i}}}
                        spec:
                          containers:
                          - name: web
                            image: registry.local/web:1.{{i}}
                            ports:
                            - containerPort: 8080
                            resources:
                              requests: {cpu: 100m, memory: 128Mi}
                              limits: {cpu: 500m, memory: 256Mi}
                            env:
                            - name: MODE
                              value: "production"

                    """,
                1 => $$"""
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: web-{{i}}
                    spec:
                      selector: {app: web-{{i}}}
                      ports:
                      - name: http
                        port: 80
                        targetPort: 8080

                    """,
                _ => $$"""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: config-{{i}}
                    data:
                      key: value-{{i}}
                      enabled: "true"

                    """,
            });
        }
        _stream = Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Benchmark]
    public int ReadAndDecode1000Documents()
    {
        var count = 0;
        foreach (var decoded in _decoder.DecodeAll(ManifestReader.Read(_stream)))
        {
            count += decoded.Object is null ? 0 : 1;
        }
        return count;
    }
}

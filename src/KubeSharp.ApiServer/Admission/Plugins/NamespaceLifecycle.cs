using KubeSharp.Api.Meta.V1;
using KubeSharp.ApiServer.Errors;

namespace KubeSharp.ApiServer.Admission.Plugins;

/// <summary>
/// Upstream's NamespaceLifecycle plugin: the immortal namespaces (default, kube-system, kube-public) cannot be
/// deleted; namespaced writes need an existing namespace (404 otherwise); nothing new is created in a namespace whose
/// phase is Terminating (403 with the NamespaceTerminating cause). Namespaces themselves and deletes of other objects
/// always pass, and so do access reviews (answering "not found" would leak namespace names).
/// </summary>
public sealed class NamespaceLifecycle(AdmissionLookup lookup) : IMutatingAdmissionPlugin
{
    public const string PluginName = "NamespaceLifecycle";

    /// <summary>upstream's metav1.NamespaceDefault, NamespaceSystem and NamespacePublic.</summary>
    public static readonly IReadOnlySet<string> ImmortalNamespaces = new HashSet<string>(StringComparer.Ordinal) { "default", "kube-system", "kube-public" };

    public string Name => PluginName;

    public bool Handles(AdmissionOperation operation) => operation is AdmissionOperation.Create or AdmissionOperation.Update or AdmissionOperation.Delete;

    public async ValueTask AdmitAsync(AdmissionAttributes attributes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var isNamespace = attributes.Group.Length == 0 && attributes.Kind == "Namespace";
        if (attributes.Operation == AdmissionOperation.Delete && isNamespace && ImmortalNamespaces.Contains(attributes.Name))
        {
            throw AdmissionErrors.Forbidden(attributes, "this namespace may not be deleted");
        }
        if (isNamespace || attributes.Namespace.Length == 0 || attributes.Operation == AdmissionOperation.Delete)
        {
            return;
        }
        if (attributes.Group == "authorization.k8s.io" && attributes.ResourceName == "localsubjectaccessreviews")
        {
            return;
        }
        // Creates must see a deletion that just happened; other writes only need the namespace to exist.
        var ns = await lookup.GetNamespaceAsync(attributes, attributes.Namespace, fresh: attributes.Operation == AdmissionOperation.Create, cancellationToken);
        if (ns is null)
        {
            throw ApiErrors.NotFound(new Api.Registry.GroupResource("", "namespaces"), attributes.Namespace);
        }
        if (attributes.Operation == AdmissionOperation.Create && ns.Status.Phase == "Terminating")
        {
            var error = AdmissionErrors.Forbidden(attributes, $"unable to create new content in namespace {attributes.Namespace} because it is being terminated");
            var details = error.Status.Details ??= new StatusDetails();
            (details.Causes ??= []).Add(new StatusCause
            {
                Reason = "NamespaceTerminating",
                Message = $"namespace {attributes.Namespace} is being terminated",
                Field = "metadata.namespace",
            });
            throw error;
        }
    }
}

using KubeSharp.Api;
using KubeSharp.Api.Core.V1;
using GroupResource = KubeSharp.Api.Registry.GroupResource;
using KubeSharp.Api.Validation;
using KubeSharp.ApiServer.Errors;
using KubeSharp.ApiServer.Registry;
using KubeSharp.ApiServer.Rest.Subresources;
using Microsoft.AspNetCore.Http;

namespace KubeSharp.ApiServer.Rest;

/// <summary><c>POST pods/NAME/binding</c> and the legacy <c>POST namespaces/NS/bindings</c> (upstream's BindingREST):
/// assigns an unscheduled pod to a node, merges the binding's annotations into the pod and sets its
/// PodScheduled condition to True, in one guaranteed update of the pod; answers 201 with a Success Status.</summary>
public sealed partial class RestHandler
{
    private static readonly string[] BindingApiVersions = [Binding.KubeApiVersion];
    private static readonly GroupResource PodsBinding = new("", "pods/binding");

    /// <summary>Whether the request is the legacy <c>POST /api/v1/namespaces/NS/bindings</c>.</summary>
    private static bool IsLegacyBinding(RequestInfo info)
        => info.ApiPrefix == "api" && info.ApiGroup.Length == 0 && info.ApiVersion == "v1" && info.Resource == "bindings" && info.Subresource.Length == 0;

    private async Task HandleBindingAsync(HttpContext context, RequestInfo info, bool legacy, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet("", "v1", "pods", out var podsResource))
        {
            throw ApiErrors.NotFoundPath();
        }
        if (info.Verb != "create" || (legacy && info.Name.Length > 0) || info.Namespace.Length == 0)
        {
            throw legacy ? ApiErrors.NotFoundPath() : ApiErrors.MethodNotSupported(PodsBinding, info.Verb);
        }
        var rs = stores[podsResource];
        var dryRun = CheckWriteOptions(context, "CreateOptions");
        Binding binding;
        using (var body = await RequestBody.ReadPooledAsync(context, options.MaxRequestBodyBytes, cancellationToken))
        {
            var bindingType = ApiTypes.TryGet(Binding.KubeApiVersion, Binding.KubeKind, out var type) ? type : throw new InvalidOperationException("v1 Binding is not registered");
            binding = SubresourceBody.Decode<Binding>(context, body.Memory, bindingType, BindingApiVersions, FieldValidation(context));
        }
        var meta = binding.Metadata;
        if (meta.Namespace.Length > 0 && meta.Namespace != info.Namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        // Upstream admits a binding as the create of pods/binding (mutating plugins before BindingREST's checks,
        // validating ones after its validation); a terminating namespace refuses it.
        var admission = new Admission.AdmissionAttributes
        {
            Operation = Admission.AdmissionOperation.Create,
            Resource = podsResource,
            Subresource = "binding",
            SubresourceKind = Binding.KubeKind,
            Namespace = info.Namespace,
            Name = legacy ? meta.Name : info.Name,
            Object = binding,
            DryRun = dryRun,
        };
        await _admission.AdmitAsync(admission, cancellationToken);
        var name = legacy ? meta.Name : info.Name;
        if (name.Length == 0)
        {
            throw ApiErrors.BadRequest("name is required");
        }
        if (name != meta.Name)
        {
            throw ApiErrors.BadRequest("name in URL does not match name in Binding object");
        }
        var errors = new FieldErrorList();
        if (binding.Target.Kind.Length > 0 && binding.Target.Kind != "Node")
        {
            errors.Add(FieldError.NotSupported(FieldPath.Root("target").Child("kind"), binding.Target.Kind, ["Node", "<empty>"]));
        }
        if (binding.Target.Name.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Root("target").Child("name")));
        }
        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(new GroupKindName("", Binding.KubeKind, name), errors);
        }
        await _admission.ValidateAsync(admission, cancellationToken);
        // The current pod may be the watch cache's own (shared with readers): the bound pod is a new one sharing
        // everything the binding leaves as it was, with its own metadata, spec and status (and condition list and
        // annotations when they change).
        await rs.GuaranteedUpdateSharedAsync(info.Namespace, name, (current, _) =>
        {
            if (current is not Pod old)
            {
                throw ApiErrors.NotFound(podsResource.GroupResource, name);
            }
            var pod = old.ShallowCopy();
            pod.Metadata = pod.Metadata.ShallowCopy();
            pod.Spec = pod.Spec.ShallowCopy();
            pod.Status = pod.Status.ShallowCopy();
            if (meta.Uid.Length > 0 && meta.Uid != pod.Metadata.Uid)
            {
                throw ApiErrors.Conflict(podsResource.GroupResource, name, $"Precondition failed: UID in precondition: {meta.Uid}, UID in object meta: {pod.Metadata.Uid}");
            }
            if (meta.ResourceVersion.Length > 0 && meta.ResourceVersion != pod.Metadata.ResourceVersion)
            {
                throw ApiErrors.Conflict(podsResource.GroupResource, name, ApiErrors.ObjectModifiedMessage);
            }
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                throw ApiErrors.Conflict(PodsBinding, name, $"pod {pod.Metadata.Name} is being deleted, cannot be assigned to a host");
            }
            if (pod.Spec.NodeName.Length > 0)
            {
                throw ApiErrors.Conflict(PodsBinding, name, $"pod {pod.Metadata.Name} is already assigned to node \"{pod.Spec.NodeName}\"");
            }
            if (pod.Spec.SchedulingGates is { Count: > 0 })
            {
                throw ApiErrors.Conflict(PodsBinding, name, $"pod {pod.Metadata.Name} has non-empty .spec.schedulingGates");
            }
            pod.Spec.NodeName = binding.Target.Name;
            if (meta.Annotations is { Count: > 0 } annotations)
            {
                pod.Metadata.Annotations = pod.Metadata.Annotations is { } existing ? new Dictionary<string, string>(existing, StringComparer.Ordinal) : [];
                foreach (var (key, value) in annotations)
                {
                    pod.Metadata.Annotations[key] = value;
                }
            }
            pod.Status.Conditions = pod.Status.Conditions is { } conditions ? [.. conditions] : null;
            PodConditions.Update(pod.Status, new PodCondition { Type = "PodScheduled", Status = "True" }, time);
            return ValueTask.FromResult<IKubeMetaObject>(pod);
        }, dryRun, null, cancellationToken);
        var status = ApiErrors.Success(podsResource.GroupResource, "", "");
        status.Details = null;
        status.Code = 201;
        await Responses.WriteAsync(context, 201, status, cancellationToken);
    }
}

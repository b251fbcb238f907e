using KubeSharp.Api.AdmissionRegistration.V1;

namespace KubeSharp.ApiServer.Tables.Printers;

/// <summary>
/// validatingadmissionpolicies (VALIDATIONS) and mutatingadmissionpolicies (MUTATIONS): NAME, the rule count,
/// PARAMKIND (<c>apiVersion/kind</c> or <c>&lt;unset&gt;</c>), AGE.
/// </summary>
internal sealed class AdmissionPolicyPrinter : ResourcePrinter
{
    private const string ParamKindDescription = "ParamKind specifies the kind of resources used to parameterize this policy";

    private AdmissionPolicyPrinter(TableColumn count)
        : base(TableColumn.NameColumn, count, TableColumn.Str("ParamKind", ParamKindDescription), TableColumn.AgeColumn)
    {
    }

    /// <summary>The validatingadmissionpolicies printer.</summary>
    public static AdmissionPolicyPrinter ForValidating()
        => new(TableColumn.Int("Validations", "Validations indicates the number of validation rules defined in this configuration"));

    /// <summary>The mutatingadmissionpolicies printer.</summary>
    public static AdmissionPolicyPrinter ForMutating()
        => new(TableColumn.Int("Mutations", "Mutation indicates the number of mutations rules defined in this configuration"));

    public override bool CanPrint(object obj) => obj is ValidatingAdmissionPolicy or MutatingAdmissionPolicy;

    public override void Print(object obj, TableRowBuilder row)
    {
        if (obj is ValidatingAdmissionPolicy validating)
        {
            row.String(validating.Metadata.Name);
            row.Integer(validating.Spec.Validations?.Count ?? 0);
            row.String(ParamKind(validating.Spec.ParamKind));
            row.Age(validating.Metadata.CreationTimestamp);
            return;
        }
        var mutating = (MutatingAdmissionPolicy)obj;
        row.String(mutating.Metadata.Name);
        row.Integer(mutating.Spec.Mutations?.Count ?? 0);
        row.String(ParamKind(mutating.Spec.ParamKind));
        row.Age(mutating.Metadata.CreationTimestamp);
    }

    private static string ParamKind(ParamKind? kind) => kind is null ? "<unset>" : kind.ApiVersion + "/" + kind.Kind;
}

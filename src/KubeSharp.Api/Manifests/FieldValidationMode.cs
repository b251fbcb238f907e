namespace KubeSharp.Api.Manifests;

/// <summary>What to do with unknown and duplicate fields, as the API server's <c>fieldValidation</c> parameter.</summary>
public enum FieldValidationMode
{
    /// <summary>Drop them silently.</summary>
    Ignore,

    /// <summary>Decode anyway and report them as findings (kubectl prints them as warnings).</summary>
    Warn,

    /// <summary>Fail the document (<c>strict decoding error: unknown field "spec.foo"</c>).</summary>
    Strict,
}

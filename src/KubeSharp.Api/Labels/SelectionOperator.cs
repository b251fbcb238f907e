namespace KubeSharp.Api.Labels;

/// <summary>
/// A selector requirement's operator, mirroring upstream's <c>selection.Operator</c>; the upstream
/// string of each is given by <see cref="SelectionOperatorExtensions.ToUpstreamString"/>.
/// </summary>
public enum SelectionOperator
{
    /// <summary><c>key in (v1,v2)</c>: the label exists and has one of the values (<c>in</c>).</summary>
    In,

    /// <summary><c>key notin (v1,v2)</c>: the label is absent or has none of the values (<c>notin</c>).</summary>
    NotIn,

    /// <summary><c>key=v</c>: the label exists and equals the value (<c>=</c>).</summary>
    Equal,

    /// <summary><c>key==v</c>: same as <see cref="Equal"/> (<c>==</c>).</summary>
    DoubleEqual,

    /// <summary><c>key!=v</c>: the label is absent or differs from the value (<c>!=</c>).</summary>
    NotEqual,

    /// <summary><c>key&gt;n</c>: the label exists and is an integer greater than n (<c>gt</c>).</summary>
    GreaterThan,

    /// <summary><c>key&lt;n</c>: the label exists and is an integer less than n (<c>lt</c>).</summary>
    LessThan,

    /// <summary><c>key</c>: the label exists (<c>exists</c>).</summary>
    Exists,

    /// <summary><c>!key</c>: the label does not exist (<c>!</c>).</summary>
    DoesNotExist,
}

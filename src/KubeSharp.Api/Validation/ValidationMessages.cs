using System.Globalization;
using System.Text;

namespace KubeSharp.Api.Validation;

/// <summary>
/// Builders for upstream's standard validation phrases (<c>MaxLenError</c>, <c>RegexError</c>, ...),
/// so that every validator words its failures identically to Kubernetes.
/// </summary>
public static class ValidationMessages
{
    /// <summary><c>must be no more than N characters</c>.</summary>
    public static string MaxLenError(int length) =>
        string.Create(CultureInfo.InvariantCulture, $"must be no more than {length} characters");

    /// <summary>
    /// <c>msg (e.g. 'ex1',  or 'ex2', regex used for validation is 'fmt')</c>, or
    /// <c>msg (regex used for validation is 'fmt')</c> without examples; the double space before
    /// "or" is upstream's.
    /// </summary>
    public static string RegexError(string message, string format, params ReadOnlySpan<string> examples)
    {
        if (examples.Length == 0)
        {
            return message + " (regex used for validation is '" + format + "')";
        }

        var sb = new StringBuilder(message).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(" or ");
            }

            sb.Append('\'').Append(examples[i]).Append("', ");
        }

        return sb.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    /// <summary><c>must be non-empty</c>.</summary>
    public static string EmptyError() => "must be non-empty";

    /// <summary><c>must be between LO and HI, inclusive</c>.</summary>
    public static string InclusiveRangeError(long low, long high) =>
        string.Create(CultureInfo.InvariantCulture, $"must be between {low} and {high}, inclusive");
}

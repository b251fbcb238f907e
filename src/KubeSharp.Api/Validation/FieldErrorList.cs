using System.Collections;
using System.Text;

namespace KubeSharp.Api.Validation;

/// <summary>
/// An ordered list of <see cref="FieldError"/>s, mirroring upstream's <c>field.ErrorList</c>.
/// </summary>
/// <remarks>
/// Mutable while being built (validators append to it); not thread-safe. An empty list means the input
/// is valid. <see cref="ToAggregateMessage"/> prints what upstream's <c>ErrorList.ToAggregate().Error()</c>
/// prints.
/// </remarks>
public sealed class FieldErrorList : IReadOnlyList<FieldError>
{
    // Created on the first error: validating a valid object (the usual case) builds many empty lists.
    private List<FieldError>? _errors;

    /// <summary>Creates an empty list.</summary>
    public FieldErrorList()
    {
    }

    /// <summary>Creates a list holding <paramref name="errors"/>.</summary>
    public FieldErrorList(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        AddRange(errors);
    }

    /// <inheritdoc/>
    public int Count => _errors?.Count ?? 0;

    /// <summary>True when no error was recorded.</summary>
    public bool IsEmpty => Count == 0;

    /// <inheritdoc/>
    public FieldError this[int index] => _errors is { } errors ? errors[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Appends one error.</summary>
    public void Add(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        (_errors ??= []).Add(error);
    }

    /// <summary>Appends several errors, in order.</summary>
    public void AddRange(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors is FieldErrorList other)
        {
            // Another list (the usual argument): its items directly, nothing at all when it is empty.
            if (other._errors is { Count: > 0 } items)
            {
                (_errors ??= []).AddRange(items);
            }

            return;
        }

        (_errors ??= []).AddRange(errors);
    }

    /// <summary>
    /// The message of upstream's aggregate error: empty for no errors, the single message when all
    /// messages are equal, otherwise <c>[msg1, msg2, ...]</c> with duplicate messages dropped.
    /// </summary>
    public string ToAggregateMessage()
    {
        if (_errors is not { Count: > 0 })
        {
            return string.Empty;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var messages = new List<string>(_errors.Count);
        foreach (var error in _errors)
        {
            var message = error.ToString();
            if (seen.Add(message))
            {
                messages.Add(message);
            }
        }

        if (messages.Count == 1)
        {
            return messages[0];
        }

        var sb = new StringBuilder("[");
        for (var i = 0; i < messages.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(messages[i]);
        }

        return sb.Append(']').ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<FieldError> GetEnumerator() =>
        _errors is { } errors ? errors.GetEnumerator() : ((IEnumerable<FieldError>)Array.Empty<FieldError>()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

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
    private readonly List<FieldError> _errors = [];

    /// <summary>Creates an empty list.</summary>
    public FieldErrorList()
    {
    }

    /// <summary>Creates a list holding <paramref name="errors"/>.</summary>
    public FieldErrorList(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errors.AddRange(errors);
    }

    /// <inheritdoc/>
    public int Count => _errors.Count;

    /// <summary>True when no error was recorded.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <inheritdoc/>
    public FieldError this[int index] => _errors[index];

    /// <summary>Appends one error.</summary>
    public void Add(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _errors.Add(error);
    }

    /// <summary>Appends several errors, in order.</summary>
    public void AddRange(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errors.AddRange(errors);
    }

    /// <summary>
    /// The message of upstream's aggregate error: empty for no errors, the single message when all
    /// messages are equal, otherwise <c>[msg1, msg2, ...]</c> with duplicate messages dropped.
    /// </summary>
    public string ToAggregateMessage()
    {
        if (_errors.Count == 0)
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
    public IEnumerator<FieldError> GetEnumerator() => _errors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

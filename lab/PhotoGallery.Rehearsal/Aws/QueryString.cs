namespace PhotoGallery.Rehearsal.Aws;

/// <summary>
/// A query string, decoded as S3 decodes it (<c>+</c> is a space). Names keep their case: S3's
/// subresources are case-sensitive (<c>uploadId</c>), the signing parameters are looked up ignoring it.
/// </summary>
public sealed class QueryString
{
    private readonly List<KeyValuePair<string, string?>> _parameters;

    private QueryString(List<KeyValuePair<string, string?>> parameters) => _parameters = parameters;

    public IEnumerable<string> Names => _parameters.Select(parameter => parameter.Key);

    public static QueryString Parse(string query)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            parameters.Add(equals < 0
                ? KeyValuePair.Create(Decode(part), (string?)null)
                : KeyValuePair.Create(Decode(part[..equals]), (string?)Decode(part[(equals + 1)..])));
        }
        return new QueryString(parameters);
    }

    public bool Has(string name) => _parameters.Any(parameter => parameter.Key == name);

    /// <summary>The value of the parameter (empty for <c>?name</c> alone), or <c>null</c> when it is absent.</summary>
    public string? Get(string name, StringComparison comparison = StringComparison.OrdinalIgnoreCase) =>
        _parameters.Where(parameter => string.Equals(parameter.Key, name, comparison))
            .Select(parameter => parameter.Value ?? "")
            .FirstOrDefault();

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}

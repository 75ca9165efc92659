using System.Net;
using Csnet.Common.Addressing;
using LiteDB;

namespace Csnet.Plugin.State.Documents;

/// <summary>
/// Typed reads and writes of document fields. Documents hold text for addresses and prefixes, so a
/// file stays readable (and exportable) as it is; they are parsed here, at the store's edge, once.
/// </summary>
internal static class BsonFields
{
    public static BsonValue Text(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

    public static string? OptionalText(BsonValue value) => value.IsString ? value.AsString : null;

    public static string RequiredText(BsonDocument document, string field) =>
        document[field] is { IsString: true } value
            ? value.AsString
            : throw new InvalidDataException($"stored document {document["_id"]} has no text field {field}");

    public static IPAddress? Address(BsonValue value) => value.IsString ? IPAddress.Parse(value.AsString) : null;

    public static BsonDocument Map(IReadOnlyDictionary<string, string> values)
    {
        var document = new BsonDocument();
        foreach (var (key, value) in values)
        {
            document[key] = value;
        }
        return document;
    }

    public static Dictionary<string, string> Map(BsonValue value)
    {
        var result = new Dictionary<string, string>();
        if (value.IsDocument)
        {
            foreach (var (key, item) in value.AsDocument)
            {
                result[key] = item.IsString ? item.AsString : item.ToString();
            }
        }
        return result;
    }

    public static BsonArray Array<T>(IEnumerable<T> items, Func<T, BsonValue> write) => new(items.Select(write));

    public static List<T> List<T>(BsonValue value, Func<BsonValue, T> read) =>
        value.IsArray ? value.AsArray.Select(read).ToList() : [];

    public static IpPrefix Prefix(BsonValue value) => IpPrefix.Parse(value.AsString);

    public static CidrAddress Cidr(BsonValue value) => CidrAddress.Parse(value.AsString);
}

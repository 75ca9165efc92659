using System.Globalization;
using System.Text.RegularExpressions;
using LiteDB;

namespace Csnet.Common.Storage;

/// <summary>
/// The file <c>csnetctl state export</c> writes and <c>state import</c> reads:
/// <code>
/// {"format": "csnet-state", "formatVersion": 1, "exportedAt": "2026-12-02T07:00:00.0000000+00:00",
///  "csnetVersion": "1.0.0", "collections": {"csnet_schema": [{…}], "networks": [{…}], …}}
/// </code>
/// It is deliberately generic: every collection of the database with every document, so a
/// collection added later travels without a change here. <c>csnet_schema</c> travels too, so a csnet
/// that imports an older export migrates it at start like any older file: <c>formatVersion</c>
/// versions this envelope only, the documents' shapes are versioned by their schema records.
/// Documents are LiteDB extended JSON (<c>{"$date": …}</c>, <c>{"$numberLong": …}</c>,
/// <c>{"$binary": …}</c>) so every BSON type csnet stores reads back as the same type; doubles would
/// keep 9 decimals only (LiteDB's writer), and csnet stores none. Indexes are not exported: the
/// stores ensure theirs when they open.
/// </summary>
public sealed partial record StateDumpFile(string ExportedAt, string CsnetVersion, IReadOnlyDictionary<string, IReadOnlyList<BsonDocument>> Collections)
{
    public const string Format = "csnet-state";
    public const int FormatVersion = 1;

    public int Documents => Collections.Values.Sum(c => c.Count);

    /// <summary>"6 collections, 14 documents (csnet_schema 2, endpoints 2, …)".</summary>
    public string Summary() =>
        $"{Collections.Count} collections, {Documents} documents" +
        (Collections.Count == 0 ? "" : $" ({string.Join(", ", Collections.Select(c => $"{c.Key} {c.Value.Count}"))})");

    /// <summary>Indented, so that two backups can be compared with diff.</summary>
    public string ToJson()
    {
        var collections = new BsonDocument();
        foreach (var (name, documents) in Collections)
            collections[name] = new BsonArray(documents);
        var root = new BsonDocument
        {
            ["format"] = Format,
            ["formatVersion"] = FormatVersion,
            ["exportedAt"] = ExportedAt,
            ["csnetVersion"] = CsnetVersion,
            ["collections"] = collections,
        };
        return LiteDB.JsonSerializer.Serialize(root, indent: true) + "\n";
    }

    /// <summary>Reads and checks a whole export; nothing about the target database is looked at here.</summary>
    /// <exception cref="StateDumpFormatException">With the sentence saying what is wrong.</exception>
    public static StateDumpFile Parse(string json)
    {
        BsonValue root;
        try
        {
            root = LiteDB.JsonSerializer.Deserialize(json);
        }
        // LiteDB's reader throws LiteException for syntax, and the BCL's parsers' own exceptions
        // for a bad extended value ({"$guid": "x"}, {"$numberLong": "1e99"}).
        catch (Exception e) when (e is LiteException or FormatException or OverflowException or ArgumentException)
        {
            throw new StateDumpFormatException($"not valid JSON: {e.Message}");
        }

        if (!root.IsDocument || root["format"] != Format)
            throw new StateDumpFormatException($"not a csnet state export (expected a JSON object with \"format\": \"{Format}\", as csnetctl state export writes)");
        var version = root["formatVersion"];
        if (!version.IsInt32)
            throw new StateDumpFormatException("\"formatVersion\" is missing or not a whole number");
        if (version.AsInt32 != FormatVersion)
            throw new StateDumpFormatException(
                $"format version {version.AsInt32}; this csnetctl reads version {FormatVersion} (import with the csnet that exported it, or a newer one)");
        if (!root["collections"].IsDocument)
            throw new StateDumpFormatException("\"collections\" is missing or not an object of collection name to documents");

        // A BsonDocument's keys ignore case, as LiteDB's collection names do: a name given twice
        // ("networks", "Networks") is one collection, the last one given.
        var collections = new SortedDictionary<string, IReadOnlyList<BsonDocument>>(StringComparer.Ordinal);
        foreach (var (name, value) in root["collections"].AsDocument)
        {
            if (!CollectionName().IsMatch(name))
                throw new StateDumpFormatException($"collection '{name}': not a collection name (letters, digits and _, not starting with a digit; LiteDB's own $ collections are never exported)");
            collections[name] = ReadDocuments(name, value);
        }

        return new StateDumpFile(Text(root["exportedAt"]), Text(root["csnetVersion"]), collections);
    }

    private static List<BsonDocument> ReadDocuments(string collection, BsonValue value)
    {
        if (!value.IsArray)
            throw new StateDumpFormatException($"collection '{collection}': not an array of documents");
        var documents = new List<BsonDocument>(value.AsArray.Count);
        var ids = new HashSet<BsonValue>();
        foreach (var item in value.AsArray)
        {
            var position = (documents.Count + 1).ToString(CultureInfo.InvariantCulture);
            if (!item.IsDocument)
                throw new StateDumpFormatException($"collection '{collection}', document {position}: not an object");
            var id = item["_id"];
            // BsonDocument answers Null for a missing key; LiteDB refuses null, arrays and objects as ids.
            if (id.IsNull || id.IsArray || id.IsDocument || id.IsMinValue || id.IsMaxValue)
                throw new StateDumpFormatException($"collection '{collection}', document {position}: no usable _id");
            if (!ids.Add(id))
                throw new StateDumpFormatException($"collection '{collection}': _id {id} appears twice");
            documents.Add(item.AsDocument);
        }

        return documents;
    }

    private static string Text(BsonValue value) => value.IsString ? value.AsString : "unknown";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex CollectionName();
}

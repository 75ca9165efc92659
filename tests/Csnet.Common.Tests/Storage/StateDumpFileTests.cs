using Csnet.Common.Storage;
using LiteDB;

namespace Csnet.Common.Tests.Storage;

public sealed class StateDumpFileTests
{
    private const string Envelope = """{"format":"csnet-state","formatVersion":1,"exportedAt":"2026-12-02T07:00:00.0000000+00:00","csnetVersion":"1.0.0","collections":""";

    [Fact]
    public void Parse_ToJsonOfADump_EveryBsonTypeReadsBackAsItself()
    {
        var document = new BsonDocument
        {
            ["_id"] = "pool-1|10.0.0.2",
            ["Int32"] = 7,
            ["Int64"] = 1L << 40,
            ["Decimal"] = 12.5m,
            ["Bool"] = true,
            ["Null"] = BsonValue.Null,
            ["Date"] = new DateTime(2026, 12, 2, 7, 0, 0, 123, DateTimeKind.Utc),
            ["Guid"] = Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
            ["Binary"] = new byte[] { 0, 1, 254, 255 },
            ["ObjectId"] = new ObjectId("5f2b1c3d4e5f6a7b8c9d0e1f"),
            ["Nested"] = new BsonDocument { ["List"] = new BsonArray { 1, "two", new BsonDocument { ["Three"] = 3 } } },
        };
        var dump = new StateDumpFile("2026-12-02T07:00:00.0000000+00:00", "1.0.0",
            new SortedDictionary<string, IReadOnlyList<BsonDocument>>(StringComparer.Ordinal) { ["ipam_addresses"] = [document], ["intents"] = [] });

        var read = StateDumpFile.Parse(dump.ToJson());

        Assert.Equal(("2026-12-02T07:00:00.0000000+00:00", "1.0.0"), (read.ExportedAt, read.CsnetVersion));
        Assert.Equal(["intents", "ipam_addresses"], read.Collections.Keys);
        var back = Assert.Single(read.Collections["ipam_addresses"]);
        foreach (var (key, value) in document)
        {
            Assert.Equal(value.Type, back[key].Type);
            Assert.Equal(value, back[key]);
        }
        Assert.Equal(document["Date"].AsDateTime.ToUniversalTime(), back["Date"].AsDateTime.ToUniversalTime());
    }

    [Fact]
    public void ToJson_StartsWithTheFormatMarker()
    {
        var json = new StateDumpFile("t", "v", new SortedDictionary<string, IReadOnlyList<BsonDocument>>()).ToJson();

        var root = LiteDB.JsonSerializer.Deserialize(json).AsDocument;
        Assert.Equal("csnet-state", root["format"].AsString);
        Assert.Equal(1, root["formatVersion"].AsInt32);
        Assert.True(root["collections"].IsDocument);
    }

    [Theory]
    [InlineData("", "not a csnet state export")]
    [InlineData("{\"format\":\"csnet-state\",", "not valid JSON")]
    [InlineData("this is not json", "not valid JSON")]
    [InlineData("[1,2]", "not a csnet state export")]
    [InlineData("{\"networks\":[]}", "not a csnet state export (expected a JSON object with \"format\": \"csnet-state\"")]
    [InlineData("{\"format\":\"csnet-state\",\"formatVersion\":\"one\",\"collections\":{}}", "\"formatVersion\" is missing or not a whole number")]
    [InlineData("{\"format\":\"csnet-state\",\"formatVersion\":2,\"collections\":{}}", "format version 2; this csnetctl reads version 1")]
    [InlineData("{\"format\":\"csnet-state\",\"formatVersion\":1}", "\"collections\" is missing")]
    public void Parse_NotAnExport_SaysWhatIsWrong(string json, string expected)
    {
        var e = Assert.Throws<StateDumpFormatException>(() => StateDumpFile.Parse(json));

        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("""{"networks":{"_id":"a"}}""", "collection 'networks': not an array of documents")]
    [InlineData("""{"networks":[{"_id":"a"},3]}""", "collection 'networks', document 2: not an object")]
    [InlineData("""{"networks":[{"Name":"a"}]}""", "collection 'networks', document 1: no usable _id")]
    [InlineData("""{"networks":[{"_id":"a"},{"_id":"a"}]}""", "collection 'networks': _id \"a\" appears twice")]
    [InlineData("""{"$cols":[]}""", "collection '$cols': not a collection name")]
    [InlineData("""{"n":[{"_id":{"$guid":"not-a-guid"}}]}""", "not valid JSON")]
    public void Parse_BrokenCollection_NamesCollectionAndDocument(string collections, string expected)
    {
        var e = Assert.Throws<StateDumpFormatException>(() => StateDumpFile.Parse(Envelope + collections + "}"));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Summary_CountsCollectionsAndDocuments()
    {
        var dump = StateDumpFile.Parse(Envelope + """{"networks":[{"_id":"a"},{"_id":"b"}],"csnet_schema":[{"_id":"plugin","Version":2}]}}""");

        Assert.Equal("2 collections, 3 documents (csnet_schema 1, networks 2)", dump.Summary());
    }
}

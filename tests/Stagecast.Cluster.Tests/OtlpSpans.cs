using Google.Protobuf;

namespace Stagecast.Cluster.Tests;

/// <summary>One span as an OTLP exporter sent it: its service, instrumentation scope (activity source) and ids (hex).</summary>
public sealed record OtlpSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind)
{
    /// <summary>OTLP's SpanKind: 2 server, 3 client.</summary>
    public const int Server = 2;

    public const int Client = 3;

    /// <summary>
    /// The spans of one ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1), read field by field with
    /// Google.Protobuf's wire reader: resource_spans(1) { resource(1) { attributes(1) }, scope_spans(2) { scope(1) { name(1) }, spans(2) } }.
    /// </summary>
    public static IEnumerable<OtlpSpan> Read(byte[] request)
    {
        foreach (var resourceSpans in Fields(ByteString.CopyFrom(request), 1))
        {
            var service = Fields(resourceSpans, 1).SelectMany(r => Fields(r, 1)).Select(Attribute)
                .FirstOrDefault(a => a.Key == "service.name").Value ?? "";
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Fields(scopeSpans, 1).Select(s => Text(s, 1)).FirstOrDefault() ?? "";
                foreach (var span in Fields(scopeSpans, 2))
                {
                    yield return new OtlpSpan(service, scope, Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5) ?? "", (int)Varint(span, 6));
                }
            }
        }
    }

    private static (string Key, string? Value) Attribute(ByteString keyValue) =>
        (Text(keyValue, 1) ?? "", Fields(keyValue, 2).Select(any => Text(any, 1)).FirstOrDefault());

    private static string Hex(ByteString message, int field) =>
        Convert.ToHexStringLower(Fields(message, field).FirstOrDefault()?.ToByteArray() ?? []);

    private static string? Text(ByteString message, int field) => Fields(message, field).FirstOrDefault()?.ToStringUtf8();

    /// <summary>The length-delimited values of <paramref name="field"/> in a message; other fields are skipped.</summary>
    private static List<ByteString> Fields(ByteString message, int field)
    {
        var found = new List<ByteString>();
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes());
            }
            else
            {
                input.SkipLastField();
            }
        }
        return found;
    }

    private static ulong Varint(ByteString message, int field)
    {
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                return input.ReadUInt64();
            }
            input.SkipLastField();
        }
        return 0;
    }
}

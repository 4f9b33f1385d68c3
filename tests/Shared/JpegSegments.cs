using System.Buffers.Binary;
using System.Text;

namespace PhotoGallery.Testing;

/// <summary>
/// A JPEG's marker segments, read and written by hand: the tests check that a served image carries no
/// metadata by reading its segments, and they give an image the metadata a camera writes (EXIF with the
/// orientation, the camera and a GPS position; XMP; a comment) by inserting segments, since no image
/// library writes EXIF.
/// </summary>
public static class JpegSegments
{
    /// <summary>One segment before the image data: its marker (0xE1 for APP1, 0xFE for a comment...) and payload.</summary>
    public sealed record Segment(byte Marker, byte[] Payload)
    {
        public bool IsExif => Marker == 0xE1 && Payload.AsSpan().StartsWith("Exif\0"u8);
        public bool IsXmp => Marker == 0xE1 && Payload.AsSpan().StartsWith("http://ns.adobe.com/xap/1.0/\0"u8);
        public bool IsIcc => Marker == 0xE2 && Payload.AsSpan().StartsWith("ICC_PROFILE\0"u8);
        public bool IsComment => Marker == 0xFE;

        /// <summary>APP0 to APP15 and comments: everything a JPEG can carry besides its pixels.</summary>
        public bool IsMetadata => Marker is >= 0xE0 and <= 0xEF or 0xFE;

        public override string ToString() => $"FF{Marker:X2} ({Payload.Length} bytes{(Payload.Length > 0 && Marker is >= 0xE0 and <= 0xEF ? ", " + Identifier : "")})";

        private string Identifier => Encoding.ASCII.GetString(Payload.TakeWhile(b => b is >= 0x20 and < 0x7F).Take(30).ToArray());
    }

    /// <summary>The segments from the start of the image to the start of its scan data.</summary>
    public static IReadOnlyList<Segment> Read(byte[] jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) throw new FormatException("Not a JPEG: no SOI marker.");
        var segments = new List<Segment>();
        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF) throw new FormatException($"Expected a marker at byte {at}, found 0x{jpeg[at]:X2}.");
            var marker = jpeg[at + 1];
            if (marker == 0xFF) { at++; continue; } // fill byte
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            segments.Add(new Segment(marker, jpeg.AsSpan(at + 4, length - 2).ToArray()));
            at += 2 + length;
            if (marker == 0xDA) break; // start of scan: entropy-coded data follows
        }
        return segments;
    }

    /// <summary>The JPEG with a segment inserted right after its SOI marker (before any other).</summary>
    public static byte[] Insert(byte[] jpeg, byte marker, byte[] payload)
    {
        if (payload.Length + 2 > ushort.MaxValue) throw new ArgumentException("A segment holds at most 65,533 bytes.", nameof(payload));
        var output = new byte[jpeg.Length + 4 + payload.Length];
        jpeg.AsSpan(0, 2).CopyTo(output);
        output[2] = 0xFF;
        output[3] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(4), (ushort)(payload.Length + 2));
        payload.CopyTo(output.AsSpan(6));
        jpeg.AsSpan(2).CopyTo(output.AsSpan(6 + payload.Length));
        return output;
    }

    /// <summary>The JPEG with a camera's metadata: EXIF (orientation, camera, GPS), XMP and a comment, each naming the secrets below.</summary>
    public static byte[] WithCameraMetadata(byte[] jpeg, int orientation)
    {
        var tagged = Insert(jpeg, 0xFE, Encoding.ASCII.GetBytes($"Shot by {CameraSerial}"));
        tagged = Insert(tagged, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8,
            .. Encoding.UTF8.GetBytes($"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"{XmpLatitude}\"/></rdf:RDF></x:xmpmeta>")]);
        return Insert(tagged, 0xE1, Exif(orientation));
    }

    /// <summary>Strings the metadata above carries; none may survive in a served image.</summary>
    public const string CameraModel = "GalleryCam X100", CameraSerial = "SN-4242-SECRET", XmpLatitude = "48,51.396N";

    /// <summary>
    /// An APP1 EXIF payload as a phone writes it (big-endian TIFF): IFD0 with Make, Model, Orientation
    /// (tag 274) and pointers to an EXIF IFD (date taken, body serial number) and a GPS IFD (48°51'23.8"N
    /// 2°17'40.2"E, the Eiffel tower).
    /// </summary>
    public static byte[] Exif(int orientation)
    {
        if (orientation is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(orientation), "EXIF orientations are 1 to 8.");
        var tiff = new TiffWriter();
        var exifIfd = tiff.Ifd(
            Ascii(0x9003, "2026:11:22 08:00:00"),
            Ascii(0xA431, CameraSerial));
        var gpsIfd = tiff.Ifd(
            new Entry(0x0000, 1, 4, [2, 3, 0, 0]),
            Ascii(0x0001, "N"),
            Rationals(0x0002, (48, 1), (51, 1), (2380, 100)),
            Ascii(0x0003, "E"),
            Rationals(0x0004, (2, 1), (17, 1), (4020, 100)));
        tiff.Root(
            Ascii(0x010F, "Gallery"),
            Ascii(0x0110, CameraModel),
            new Entry(0x0112, 3, 1, Short((ushort)orientation)),
            new Entry(0x8769, 4, 1, [], PointsTo: exifIfd),
            new Entry(0x8825, 4, 1, [], PointsTo: gpsIfd));
        return [.. "Exif\0\0"u8, .. tiff.ToArray()];
    }

    private static Entry Ascii(ushort tag, string text) => new(tag, 2, text.Length + 1, [.. Encoding.ASCII.GetBytes(text), 0]);

    private static Entry Rationals(ushort tag, params (uint Numerator, uint Denominator)[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 8), values[i].Numerator);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 8 + 4), values[i].Denominator);
        }
        return new Entry(tag, 5, values.Length, bytes);
    }

    private static byte[] Short(ushort value) => [(byte)(value >> 8), (byte)value];

    /// <param name="Type">TIFF field type: 1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL.</param>
    /// <param name="PointsTo">For an IFD pointer: the IFD whose offset is the value.</param>
    private sealed record Entry(ushort Tag, ushort Type, int Count, byte[] Value, TiffWriter.IfdRef? PointsTo = null);

    /// <summary>Lays out IFDs after the 8-byte TIFF header: IFD0 first, then the sub-IFDs, each followed by its long values.</summary>
    private sealed class TiffWriter
    {
        public sealed class IfdRef
        {
            public required Entry[] Entries { get; init; }
            public int Offset { get; set; }
        }

        private readonly List<IfdRef> _ifds = [];
        private IfdRef? _root;

        public IfdRef Ifd(params Entry[] entries)
        {
            var ifd = new IfdRef { Entries = entries };
            _ifds.Add(ifd);
            return ifd;
        }

        public void Root(params Entry[] entries) => _root = new IfdRef { Entries = entries };

        public byte[] ToArray()
        {
            var order = new List<IfdRef> { _root ?? throw new InvalidOperationException("No IFD0.") };
            order.AddRange(_ifds);
            var offset = 8;
            foreach (var ifd in order)
            {
                ifd.Offset = offset;
                offset += Size(ifd);
            }
            var output = new byte[offset];
            "MM"u8.CopyTo(output);
            BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(2), 42);
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(4), 8);
            foreach (var ifd in order) Write(ifd, output);
            return output;
        }

        private static int Size(IfdRef ifd) =>
            2 + ifd.Entries.Length * 12 + 4 + ifd.Entries.Sum(e => e.Value.Length > 4 ? e.Value.Length + e.Value.Length % 2 : 0);

        private static void Write(IfdRef ifd, byte[] output)
        {
            var at = ifd.Offset;
            var data = at + 2 + ifd.Entries.Length * 12 + 4;
            BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(at), (ushort)ifd.Entries.Length);
            at += 2;
            foreach (var entry in ifd.Entries.OrderBy(e => e.Tag))
            {
                BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(at), entry.Tag);
                BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(at + 2), entry.Type);
                BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(at + 4), (uint)entry.Count);
                if (entry.PointsTo is { } target)
                    BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(at + 8), (uint)target.Offset);
                else if (entry.Value.Length <= 4)
                    entry.Value.CopyTo(output.AsSpan(at + 8));
                else
                {
                    BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(at + 8), (uint)data);
                    entry.Value.CopyTo(output.AsSpan(data));
                    data += entry.Value.Length + entry.Value.Length % 2;
                }
                at += 12;
            }
            BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(at), 0); // no next IFD
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhotoGallery.Core.Photos;

namespace PhotoGallery.Local.Gateway;

/// <summary>
/// The largest <c>POST /photos</c> the contract documents as inline: an image of
/// <see cref="PhotoLimits.DefaultMaxInlineBytes"/>, a thumbnail of <see cref="PhotoLimits.DefaultMaxThumbnailBytes"/>,
/// and title, description, tags and file name at their longest. Tests and the rehearsal send it to show the
/// documented maximum fits Lambda's request payload limit once the gateway has wrapped it in an event.
/// </summary>
/// <remarks>
/// The text is made of the characters that cost the most once a browser's JSON body is itself a string in
/// the event (<c>"</c> and <c>\</c> become four bytes, <c>€</c> three); the image bytes are pseudo-random, as
/// compressed image data is, so their base64 is full of <c>+</c> and <c>/</c> (an encoder that escaped those
/// would make the event six times bigger there). The images are JPEGs by their headers, which is what addphoto
/// checks; they are not pictures anything will decode.
/// </remarks>
public static class LargestInlineUpload
{
    private const string CostlyCharacters = "\"\\€";

    /// <summary>The body, as a browser's <c>JSON.stringify</c> writes it: compact, non-ASCII and <c>+</c> left as they are.</summary>
    public static string Body()
    {
        var image = Jpeg(PhotoLimits.DefaultMaxInlineBytes, seed: 1);
        var body = new JsonObject
        {
            ["title"] = Text(PhotoDraft.MaxTitleLength),
            ["description"] = Text(PhotoDraft.MaxDescriptionLength),
            // Tags must differ from each other, so each starts with its own letter.
            ["tags"] = new JsonArray([.. Enumerable.Range(0, PhotoDraft.MaxTags).Select(i => (JsonNode)((char)('a' + i) + Text(PhotoDraft.MaxTagLength - 1)))]),
            ["fileName"] = Text(PhotoDraft.MaxFileNameLength - ".jpg".Length) + ".jpg",
            ["contentType"] = ImageTypes.Jpeg,
            ["size"] = image.Length,
            ["image"] = Convert.ToBase64String(image),
            ["thumbnail"] = Convert.ToBase64String(Jpeg(PhotoLimits.DefaultMaxThumbnailBytes, seed: 2)),
        };
        return body.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Text(int length) =>
        new([.. Enumerable.Range(0, length).Select(i => CostlyCharacters[i % CostlyCharacters.Length])]);

    /// <summary>A JPEG header (start of image, JFIF, a 4000×3000 frame, start of scan), pseudo-random scan data, end of image.</summary>
    private static byte[] Jpeg(int length, int seed)
    {
        byte[] header =
        [
            0xFF, 0xD8,
            0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
            0xFF, 0xC0, 0x00, 0x11, 0x08, 0x0B, 0xB8, 0x0F, 0xA0, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
            0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00,
        ];
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        header.CopyTo(bytes, 0);
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        return bytes;
    }
}

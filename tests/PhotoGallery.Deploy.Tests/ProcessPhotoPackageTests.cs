using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NUnit.Framework;
using PhotoGallery.Functions;

namespace PhotoGallery.Deploy.Tests;

/// <summary>
/// processphoto decodes images with SkiaSharp's native library: its package must carry the Linux x64 build
/// where Lambda's host finds it, and that build must need nothing newer than Amazon Linux 2023 has
/// (glibc 2.34, GCC 11's libstdc++). The rehearsal then runs the package on an S3 event.
/// </summary>
public sealed partial class ProcessPhotoPackageTests
{
    private static string Package => Path.Combine(DeploySetup.Packages, FunctionCatalog.ByName("processphoto").Project);

    [Test]
    public void Package_CarriesSkiaSharpNativeForLinuxX64()
    {
        var native = Path.Combine(Package, "libSkiaSharp.so");

        Assert.That(native, Does.Exist);
        var header = File.ReadAllBytes(native).AsSpan(0, 20).ToArray();
        Assert.That(header[..4], Is.EqualTo("\u007fELF"u8.ToArray()), "an ELF shared object");
        Assert.That(BitConverter.ToUInt16(header, 18), Is.EqualTo(0x3E), "for x86-64 (Lambda's x86_64 architecture)");
    }

    /// <summary>The host puts a package's native assets on the library search path only if its deps.json lists them.</summary>
    [Test]
    public void Package_DepsFileListsTheNativeForLinuxX64()
    {
        var deps = JsonNode.Parse(File.ReadAllText(Path.Combine(Package, "ProcessPhoto.deps.json")))!;

        var natives = deps["targets"]!.AsObject().Single(t => t.Key.EndsWith("/linux-x64", StringComparison.Ordinal)).Value!.AsObject()
            .Where(library => library.Value?["native"] is not null)
            .SelectMany(library => library.Value!["native"]!.AsObject().Select(asset => Path.GetFileName(asset.Key)));
        Assert.That(natives, Does.Contain("libSkiaSharp.so"));
    }

    [TestCase("GLIBC_", "2.34", TestName = "Package_NativeNeedsNoNewerGlibcThanAmazonLinux2023")]
    [TestCase("GLIBCXX_", "3.4.29", TestName = "Package_NativeNeedsNoNewerLibstdcxxThanAmazonLinux2023")]
    public void Package_NativeSymbolVersions_AvailableOnAmazonLinux2023(string prefix, string newestAvailable)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(Package, "libSkiaSharp.so")));

        var needed = VersionPattern().Matches(text).Where(m => m.Groups["prefix"].Value == prefix).Select(m => Version.Parse(m.Groups["version"].Value)).ToList();
        Assert.That(needed, Is.Not.Empty, $"the library names the {prefix} versions it needs");
        Assert.That(needed.Max(), Is.LessThanOrEqualTo(Version.Parse(newestAvailable)));
    }

    [GeneratedRegex(@"(?<prefix>GLIBC_|GLIBCXX_)(?<version>\d+\.\d+(\.\d+)?)\x00")]
    private static partial Regex VersionPattern();
}

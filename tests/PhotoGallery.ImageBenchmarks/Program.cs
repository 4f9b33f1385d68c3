using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using PhotoGallery.Functions.ProcessPhoto;
using PhotoGallery.ImageBenchmarks;
using PhotoGallery.Testing;
using SkiaSharp;

// dotnet run -c Release --project tests/PhotoGallery.ImageBenchmarks [-- --runs 7]
//
// processphoto's image making with SkiaSharp (ImageMaker, what the function runs) against the same work in
// NetVips (VipsImageMaker), on originals made here: a 24 MP camera JPEG (EXIF orientation 6, as a phone held
// upright writes it), a 50 MiB PNG, and a PNG of the most pixels the function accepts. Each measurement is a
// fresh process pinned to one core (a 2048 MB Lambda function has about one vCPU) that warms up on a small
// image, then makes both variants once and reports the wall time, the CPU time and its peak resident memory
// (VmHWM, reset after the warm-up; the original's bytes are already in memory, as in the function). Runs
// alternate between the libraries. Then processphoto is published as Lambda gets it, and the same with
// NetVips in SkiaSharp's place, and the package sizes reported. Prints Markdown for docs/performance.md.
if (args is ["--probe", var probed, var file, var warmup]) return Probe.Run(probed, file, warmup);

var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).FirstOrDefault(7);
var repository = RepositoryRoot.Path;
var work = Path.Combine(Path.GetTempPath(), "photogallery-images", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
try
{
    var inputs = Inputs.Make(work);
    string[] libraries = ["SkiaSharp", "NetVips"];
    var results = inputs.ToDictionary(i => i.Name, _ => libraries.ToDictionary(l => l, _ => new List<Probe.Result>()));
    for (var run = 0; run < runs; run++)
    {
        foreach (var input in inputs)
        {
            foreach (var library in run % 2 == 0 ? libraries : libraries.Reverse())
            {
                var result = Probe.Start(library, input.File, input.Warmup);
                results[input.Name][library].Add(result);
                Console.Error.WriteLine($"[images] run {run + 1}/{runs} {input.Name} {library}: {result.Milliseconds:0} ms, peak {result.PeakMiB:0} MiB");
            }
        }
    }

    Console.WriteLine($"| original | library | time (median) | CPU time | peak memory (process) | added by processing | thumbnail | display image |");
    Console.WriteLine($"|---|---|---:|---:|---:|---:|---:|---:|");
    foreach (var input in inputs)
    {
        foreach (var library in libraries)
        {
            var r = results[input.Name][library];
            var first = r[0];
            Console.WriteLine(Invariant($"| {input.Name} | {library} | {Median(r, x => x.Milliseconds):0} ms | {Median(r, x => x.CpuMilliseconds):0} ms | {Median(r, x => x.PeakMiB):0} MiB | {Median(r, x => x.PeakMiB - x.BeforeMiB):0} MiB | {first.ThumbnailWidth}×{first.ThumbnailHeight}, {first.ThumbnailBytes / 1024.0:0} KiB | {first.DisplayWidth}×{first.DisplayHeight}, {first.DisplayBytes / 1024.0:0} KiB |"));
        }
        var (skia, vips) = (results[input.Name]["SkiaSharp"], results[input.Name]["NetVips"]);
        Console.WriteLine(Invariant($"| {input.Name} | NetVips ÷ SkiaSharp | {Median(vips, x => x.Milliseconds) / Median(skia, x => x.Milliseconds):0.00} | {Median(vips, x => x.CpuMilliseconds) / Median(skia, x => x.CpuMilliseconds):0.00} | {Median(vips, x => x.PeakMiB) / Median(skia, x => x.PeakMiB):0.00} | {Median(vips, x => x.PeakMiB - x.BeforeMiB) / Median(skia, x => x.PeakMiB - x.BeforeMiB):0.00} | | |"));
    }
    Console.WriteLine();

    var packages = Packages.Measure(repository, work);
    Console.WriteLine("| package (linux-x64, framework-dependent, ReadyToRun) | files | unzipped | zipped | native library |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    foreach (var package in packages)
        Console.WriteLine(Invariant($"| {package.Name} | {package.Files} | {package.Bytes / 1048576.0:0.0} MiB | {package.ZippedBytes / 1048576.0:0.0} MiB | {package.Native} |"));
    Console.WriteLine();
    Console.WriteLine(Invariant($"{runs} runs per original and library, alternating; each run a fresh process on one core (taskset -c 0). Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:d MMM yyyy}."));
    foreach (var input in inputs) Console.WriteLine(Invariant($"{input.Name}: {input.Description}, {new FileInfo(input.File).Length / 1048576.0:0.0} MiB."));
    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}

static double Median(List<Probe.Result> results, Func<Probe.Result, double> value)
{
    var sorted = results.Select(value).Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

/// <summary>The two originals: a phone's 24 MP JPEG and a PNG just under the 50 MiB upload limit.</summary>
internal static class Inputs
{
    public sealed record Input(string Name, string Description, string File, string Warmup);

    public static IReadOnlyList<Input> Make(string folder)
    {
        Console.Error.WriteLine("[images] making the originals…");
        // A landscape with film grain, as a camera would save it (quality 92), with the EXIF a phone writes.
        var jpeg = Path.Combine(folder, "photo-24mp.jpg");
        File.WriteAllBytes(jpeg, JpegSegments.WithCameraMetadata(Jpeg(TestImages.Landscape(6000, 4000, seed: 24, grain: 8, level: CompressionLevel.Fastest)), orientation: 6));
        // 48 MP with enough grain that zlib cannot squeeze it below 50 MiB by much: the most pixels a PNG
        // under the upload limit is likely to carry, and pixels are what decoding a PNG costs.
        var png = Path.Combine(folder, "photo-50mib.png");
        var pngBytes = TestImages.Landscape(8000, 6000, seed: 50, grain: 11, level: CompressionLevel.Optimal);
        if (pngBytes.Length > 50 * 1048576) throw new InvalidOperationException($"The PNG came out at {pngBytes.Length} bytes, over the 50 MiB limit.");
        File.WriteAllBytes(png, pngBytes);

        // The most pixels processphoto accepts (ImageSizes.MaxPixels): a smooth picture, so few bytes, but the
        // decoded size is what sizes the function's memory.
        var cap = Path.Combine(folder, "photo-100mp.png");
        File.WriteAllBytes(cap, TestImages.Landscape(10_000, 10_000, seed: 100, level: CompressionLevel.Fastest));

        var smallJpeg = Path.Combine(folder, "warmup.jpg");
        File.WriteAllBytes(smallJpeg, JpegSegments.WithCameraMetadata(Jpeg(TestImages.Landscape(640, 480, seed: 1)), orientation: 6));
        var smallPng = Path.Combine(folder, "warmup.png");
        File.WriteAllBytes(smallPng, TestImages.Landscape(640, 480, seed: 1));
        return
        [
            new("24 MP JPEG", "6000×4000 stored, EXIF orientation 6 (shown 4000×6000), quality 92", jpeg, smallJpeg),
            new("50 MiB PNG", "8000×6000 RGB, 8 bits per channel, film grain", png, smallPng),
            new("100 MP PNG (the cap)", "10000×10000 RGB, 8 bits per channel, smooth", cap, smallPng),
        ];
    }

    /// <summary>The PNG's pixels as a JPEG of quality 92.</summary>
    private static byte[] Jpeg(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("Skia could not decode a PNG made here.");
        using var pixels = bitmap.PeekPixels();
        using var encoded = pixels.Encode(new SKJpegEncoderOptions(92)) ?? throw new InvalidOperationException("Skia could not encode a JPEG.");
        return encoded.ToArray();
    }
}

/// <summary>One measurement in its own process (so peak memory is its own), and the parent's side of it.</summary>
internal static class Probe
{
    public sealed record Result(double Milliseconds, double CpuMilliseconds, double BeforeMiB, double PeakMiB,
        int ThumbnailWidth, int ThumbnailHeight, int ThumbnailBytes, int DisplayWidth, int DisplayHeight, int DisplayBytes);

    public static Result Start(string library, string file, string warmup)
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", "0", dotnet, typeof(Probe).Assembly.Location, "--probe", library, file, warmup })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a probe.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"The {library} probe failed (exit {process.ExitCode}):\n{output}\n{errors.Result}");
        return JsonSerializer.Deserialize<Result>(output.Trim().Split('\n')[^1])!;
    }

    public static int Run(string library, string file, string warmup)
    {
        Func<byte[], ImageSizes, MadeImages> make = library switch
        {
            "SkiaSharp" => ImageMaker.Make,
            "NetVips" => VipsImageMaker.Make,
            _ => throw new ArgumentException($"No library {library}.", nameof(library)),
        };
        make(File.ReadAllBytes(warmup), ImageSizes.Default); // loads the native library, JIT-compiles the path
        var original = File.ReadAllBytes(file);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5"); // resets VmHWM to the current resident size
        var before = Status("VmRSS");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var timer = Stopwatch.StartNew();
        var made = make(original, ImageSizes.Default);
        var elapsed = timer.Elapsed.TotalMilliseconds;
        var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var peak = Status("VmHWM");
        var (thumbnail, display) = (Size(made.Thumbnail), Size(made.Display));
        Console.WriteLine(JsonSerializer.Serialize(new Result(elapsed, cpuUsed, before, peak,
            thumbnail.Width, thumbnail.Height, made.Thumbnail.Length, display.Width, display.Height, made.Display.Length)));
        return 0;
    }

    /// <summary>A memory figure of this process from /proc/self/status, in MiB.</summary>
    private static double Status(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static SKSizeI Size(byte[] jpeg)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(jpeg)) ?? throw new InvalidOperationException("A variant is not a JPEG.");
        return codec.Info.Size;
    }
}

/// <summary>processphoto published as Lambda gets it, and the same with NetVips in place of SkiaSharp.</summary>
internal static class Packages
{
    public sealed record Package(string Name, int Files, long Bytes, long ZippedBytes, string Native);

    public static IReadOnlyList<Package> Measure(string repository, string work)
    {
        var real = Publish(Path.Combine(repository, "functions", "ProcessPhoto", "ProcessPhoto.csproj"), Path.Combine(work, "processphoto"));
        // The other library in processphoto's place: the same project references (Core, Aws and the AWS
        // SDK), NetVips and its linux-x64 natives, and one call into it so ReadyToRun compiles it.
        var probe = Path.Combine(repository, "artifacts", "image-benchmark", "ProcessPhotoNetVips");
        Directory.CreateDirectory(probe);
        File.WriteAllText(Path.Combine(probe, "ProcessPhotoNetVips.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><GenerateRuntimeConfigurationFiles>true</GenerateRuntimeConfigurationFiles></PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(repository, "functions", "PhotoGallery.Aws", "PhotoGallery.Aws.csproj")}" />
                <PackageReference Include="NetVips" />
                <PackageReference Include="NetVips.Native.linux-x64" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(probe, "Probe.cs"), """
            namespace ProcessPhotoNetVips;
            public static class Probe
            {
                public static int Width(byte[] image) { using var opened = NetVips.Image.NewFromBuffer(image); return opened.Width; }
            }
            """);
        var other = Publish(Path.Combine(probe, "ProcessPhotoNetVips.csproj"), Path.Combine(work, "processphoto-netvips"));
        return
        [
            Describe("processphoto with SkiaSharp (as shipped)", real, "libSkiaSharp.so"),
            Describe("processphoto's references with NetVips instead", other, "libvips.so.42"),
        ];
    }

    private static string Publish(string project, string destination)
    {
        Console.Error.WriteLine($"[images] publishing {Path.GetFileName(project)}…");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", destination, "-nologo" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish {project} failed:\n{output}\n{errors.Result}");
        return destination;
    }

    private static Package Describe(string name, string folder, string nativeName)
    {
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToList();
        var zip = folder + ".zip";
        ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Optimal, includeBaseDirectory: false);
        var native = files.FirstOrDefault(f => Path.GetFileName(f) == nativeName)
            ?? throw new InvalidOperationException($"{nativeName} is not in the published {name}: Lambda could not load it.");
        return new Package(name, files.Count, files.Sum(f => new FileInfo(f).Length), new FileInfo(zip).Length,
            string.Create(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(folder, native)}, {new FileInfo(native).Length / 1048576.0:0.0} MiB"));
    }
}

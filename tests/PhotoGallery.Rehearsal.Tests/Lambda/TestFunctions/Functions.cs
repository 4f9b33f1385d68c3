using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PhotoGallery.Rehearsal.TestFunctions;

// Each type is one handler, TestFunctions::PhotoGallery.Rehearsal.TestFunctions.<Type>::Handle, all in
// the stream shape the gallery's functions have.

/// <summary>Answers its event unchanged and logs its size.</summary>
public sealed class Echo
{
    public async Task<Stream> Handle(Stream input)
    {
        var output = new MemoryStream();
        await input.CopyToAsync(output);
        Console.WriteLine($"echo: {output.Length} bytes");
        output.Position = 0;
        return output;
    }
}

/// <summary>Fails in its handler.</summary>
public sealed class Throws
{
    public Stream Handle(Stream input) => throw new InvalidOperationException("The handler failed on purpose.");
}

/// <summary>Fails in its constructor, as a function does when its configuration is missing.</summary>
public sealed class BrokenConstructor
{
    public BrokenConstructor() => throw new InvalidOperationException("TEST_SETTING is not set.");

    public Stream Handle(Stream input) => input;
}

/// <summary>Sleeps for the number of milliseconds in its event, then answers "slept".</summary>
public sealed class Sleeps
{
    public async Task<Stream> Handle(Stream input)
    {
        var milliseconds = int.Parse(await new StreamReader(input).ReadToEndAsync(), CultureInfo.InvariantCulture);
        await Task.Delay(milliseconds);
        return new MemoryStream("\"slept\""u8.ToArray());
    }
}

/// <summary>Answers a JSON string of as many bytes as its event asks for (quotes included).</summary>
public sealed class Large
{
    public Stream Handle(Stream input)
    {
        var size = int.Parse(new StreamReader(input).ReadToEnd(), CultureInfo.InvariantCulture);
        var body = new byte[size];
        Array.Fill(body, (byte)'x');
        body[0] = body[^1] = (byte)'"';
        return new MemoryStream(body);
    }
}

/// <summary>Answers its whole environment, its process id and its working directory.</summary>
public sealed class Environment
{
    public Stream Handle(Stream input)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        var answer = new
        {
            variables,
            processId = System.Environment.ProcessId,
            workingDirectory = System.Environment.CurrentDirectory,
        };
        return new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(answer)));
    }
}

/// <summary>Ends its own process in the middle of an invocation.</summary>
public sealed class Crashes
{
    public Stream Handle(Stream input)
    {
        Console.Error.WriteLine("about to exit");
        System.Environment.Exit(3);
        return input;
    }
}

/// <summary>Never finishes its constructor, as a function blocked on a network call at start.</summary>
public sealed class SlowConstructor
{
    public SlowConstructor() => Thread.Sleep(Timeout.Infinite);

    public Stream Handle(Stream input) => input;
}

/// <summary>Fails its first two invocations in a process, then answers "third time": an event Lambda's retries rescue.</summary>
public sealed class FailsTwice
{
    private static int _calls;

    public Stream Handle(Stream input) => Interlocked.Increment(ref _calls) <= 2
        ? throw new InvalidOperationException($"Not ready yet (call {_calls}).")
        : new MemoryStream("\"third time\""u8.ToArray());
}

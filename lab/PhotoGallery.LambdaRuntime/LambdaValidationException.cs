namespace PhotoGallery.LambdaRuntime;

/// <summary>
/// A handler Lambda cannot load or call. Named as RuntimeSupport names it, because the type name is
/// what Lambda reports as <c>errorType</c>.
/// </summary>
internal sealed class LambdaValidationException : Exception
{
    public LambdaValidationException() { }

    public LambdaValidationException(string message) : base(message) { }

    public LambdaValidationException(string message, Exception innerException) : base(message, innerException) { }
}

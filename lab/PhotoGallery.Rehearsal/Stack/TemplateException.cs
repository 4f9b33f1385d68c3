namespace PhotoGallery.Rehearsal.Stack;

/// <summary>
/// The template asks for something the rehearsal cannot do or make sense of. The message names the
/// resource and the property (<c>Resources.AddPhoto374AF95B.Properties.Environment.Variables.PHOTOS_BUCKET</c>)
/// and the cause, because it ends up in a student's terminal.
/// </summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string message) : base(message)
    {
    }

    public TemplateException(string message, Exception inner) : base(message, inner)
    {
    }

    public TemplateException()
    {
    }
}

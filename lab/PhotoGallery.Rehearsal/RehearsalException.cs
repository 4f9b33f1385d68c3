namespace PhotoGallery.Rehearsal;

/// <summary>The rehearsal cannot go on (no template, a synthesis that failed, an emulator that did not start): the message says why.</summary>
public sealed class RehearsalException(string message, Exception? inner = null) : Exception(message, inner);

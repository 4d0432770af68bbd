namespace HardeningTasks.Core.Model;

/// <summary>A problem that stops a file from being read or parsed; becomes an HRD000 at <see cref="Span"/>.</summary>
public sealed record LoadError(string Message, SourceSpan Span);

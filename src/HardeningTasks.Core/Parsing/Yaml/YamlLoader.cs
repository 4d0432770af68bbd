using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HardeningTasks.Core.Parsing.Yaml;

/// <summary>The first document of a YAML file (null root for an empty file), or why it could not be loaded.</summary>
public sealed record YamlLoadResult(YNode? Root, LoadError? Error);

/// <summary>
/// Loads YAML into <see cref="YNode"/>s with the file and span of every key and value, resolving aliases
/// (shared, never copied) and merge keys. Refuses what would hurt a build: nesting deeper than
/// <see cref="MaxDepth"/>, alias expansion past <see cref="MaxExpandedNodes"/> (a "billion laughs" bomb),
/// duplicate keys (Docker Compose refuses them too), unknown aliases.
/// </summary>
public static class YamlLoader
{
    public const int MaxDepth = 256;
    public const int MaxExpandedNodes = 1_000_000;

    private static readonly Regex MarkPrefix = new(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant);

    public static YamlLoadResult Load(string path, string text)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            var builder = new Builder(path, new GuardedParser(parser));
            return new YamlLoadResult(builder.ReadFirstDocument(), null);
        }
        catch (ParserFault fault)
        {
            var ex = fault.InnerException!;
            // YamlDotNet fails this way, without a position, on some malformed input: an InvalidOperationException in the
            // scanner on some unclosed flow collections (": [\nx"), an ArgumentException for a tag that is not a URI ("!![").
            // The end of the last event it read is where the text stops making sense.
            var at = parser.Current?.End ?? Mark.Empty;
            var span = SourceSpan.At(Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column));
            if (ex is ArgumentException)
            {
                // A bad tag: point at the first '!' after the last event read (the tag being scanned).
                var tag = text.IndexOf('!', (int)Math.Min(text.Length, parser.Current?.Start.Index ?? 0));
                if (tag >= 0) span = SpanOfOffset(text, tag);
            }
            var reason = ex is ArgumentException ? WithoutParameterName(ex.Message).TrimEnd('.') + "."
                : "the text after this point cannot be parsed (an unclosed '[' or '{', or a stray ':'?).";
            return new YamlLoadResult(null, new LoadError("Invalid YAML: " + reason, span));
        }
        catch (LoadFailure failure)
        {
            return new YamlLoadResult(null, failure.Error);
        }
        catch (YamlException ex)
        {
            var message = MarkPrefix.Replace(ex.Message, "");
            if (message.IndexOf(" tab", StringComparison.Ordinal) >= 0 && FindIndentationTab(text, (int)ex.Start.Line) is { } tab)
                return new YamlLoadResult(null, new LoadError(
                    $"Invalid YAML: a tab is used for indentation on line {tab.Line}; YAML indents with spaces only. Replace the tab with spaces.", tab));
            return new YamlLoadResult(null, new LoadError("Invalid YAML: " + message.TrimEnd('.') + ".", SourceSpan.At((int)ex.Start.Line, (int)ex.Start.Column)));
        }
    }

    private static SourceSpan SpanOfOffset(string text, int offset)
    {
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        var line = 1;
        for (var i = 0; i < lineStart; i++)
            if (text[i] == '\n') line++;
        return SourceSpan.At(line, offset - lineStart + 1);
    }

    /// <summary>An ArgumentException's message without the parameter name .NET appends (" (Parameter 'x')" or a second line).</summary>
    private static string WithoutParameterName(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf('\n');
        return (cut < 0 ? message : message.Substring(0, cut)).TrimEnd('\r', ' ');
    }

    /// <summary>YamlDotNet reports a tab in indentation at the start of the enclosing mapping (often line 1); the tab itself
    /// is the first one in the leading blanks of a line at or after that mark.</summary>
    private static SourceSpan? FindIndentationTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && (line[c] == ' ' || line[c] == '\t'); c++)
                if (line[c] == '\t' && line.Trim().Length > 0)
                    return SourceSpan.At(i + 1, c + 1);
        }
        return null;
    }

    /// <summary>
    /// Marks the exceptions YamlDotNet's parser throws other than <see cref="YamlException"/> (it asks nothing of
    /// reflection, which the trimmed native build lacks: <c>Exception.TargetSite</c> is not there).
    /// </summary>
    private sealed class GuardedParser : IParser
    {
        private readonly IParser inner;

        public GuardedParser(IParser inner) => this.inner = inner;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            try
            {
                return inner.MoveNext();
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                throw new ParserFault(ex);
            }
        }
    }

    private sealed class ParserFault : Exception
    {
        public ParserFault(Exception inner) : base(inner.Message, inner) { }
    }

    private sealed class LoadFailure : Exception
    {
        public LoadFailure(LoadError error) : base(error.Message) => Error = error;
        public LoadError Error { get; }
    }

    private sealed class Builder
    {
        private readonly string path;
        private readonly IParser parser;
        private readonly Dictionary<string, YNode> anchors = new(StringComparer.Ordinal);

        public Builder(string path, IParser parser)
        {
            this.path = path;
            this.parser = parser;
        }

        public YNode? ReadFirstDocument()
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _)) return null;
            parser.Consume<DocumentStart>();
            var root = ReadNode(0);
            parser.Consume<DocumentEnd>();
            return root is YScalar { IsNull: true } ? null : root;
        }

        private SourceLocation Locate(Mark start, Mark end) =>
            new(path, new SourceSpan((int)start.Line, (int)start.Column, (int)end.Line, (int)end.Column));

        private static LoadFailure Fail(string message, Mark at) =>
            new(new LoadError(message, SourceSpan.At((int)at.Line, (int)at.Column)));

        private static string? TagOf(TagName tag) => tag.IsEmpty || tag.IsNonSpecific ? null : tag.Value;

        private YNode ReadNode(int depth)
        {
            if (depth > MaxDepth)
                throw Fail($"The YAML nests deeper than {MaxDepth} levels; no compose or Traefik file needs that.", parser.Current!.Start);

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                    throw Fail($"Invalid YAML: the alias '*{alias.Value.Value}' names no anchor defined before it.", alias.Start);
                return target;
            }

            YNode node;
            AnchorName anchor;
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                anchor = scalar.Anchor;
                node = new YScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, Locate(scalar.Start, scalar.End), TagOf(scalar.Tag));
            }
            else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                anchor = sequenceStart.Anchor;
                var items = new List<YNode>();
                long size = 1;
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var itemStart = parser.Current!.Start;
                    var item = ReadNode(depth + 1);
                    size += item.ExpandedSize;
                    CheckSize(size, itemStart);
                    items.Add(item);
                }
                node = new YSequence(items, Locate(sequenceStart.Start, sequenceStart.End), TagOf(sequenceStart.Tag)) { ExpandedSize = (int)size };
            }
            else if (parser.TryConsume<MappingStart>(out var mappingStart))
            {
                anchor = mappingStart.Anchor;
                node = ReadMapping(mappingStart, depth);
            }
            else
            {
                throw Fail("Invalid YAML: unexpected " + parser.Current?.GetType().Name + ".", parser.Current!.Start);
            }

            if (!anchor.IsEmpty) anchors[anchor.Value] = node;
            return node;
        }

        /// <summary>Refuses the file once the expanded size passes the limit, pointing at <paramref name="at"/>: where the alias
        /// (or merge key) that crossed it is written, not at the anchor it names.</summary>
        private static void CheckSize(long size, Mark at)
        {
            if (size > MaxExpandedNodes)
                throw new LoadFailure(new LoadError(
                    $"YAML aliases expand to more than {MaxExpandedNodes:N0} nodes (an alias bomb); the file is not loaded.",
                    SourceSpan.At((int)at.Line, (int)at.Column)));
        }

        private YMapping ReadMapping(MappingStart start, int depth)
        {
            var explicitEntries = new List<YEntry>();
            var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
            var merged = new List<(YMapping Map, Mark At)>();
            var mergeIndex = -1;
            long size = 1;

            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyStart = parser.Current!.Start;
                var keyNode = ReadNode(depth + 1);
                if (keyNode is not YScalar key)
                    throw Fail("Invalid YAML: a mapping key must be a plain value, not a mapping or a list.", keyStart);
                var valueStart = parser.Current!.Start;
                var value = ReadNode(depth + 1);

                if (key.Value == "<<" && key.IsPlain)
                {
                    mergeIndex = mergeIndex < 0 ? explicitEntries.Count : mergeIndex;
                    switch (value)
                    {
                        case YMapping map: merged.Add((map, valueStart)); break;
                        case YSequence seq:
                            foreach (var item in seq.Items)
                                merged.Add((item as YMapping ?? throw Fail("Invalid YAML: a merge key (<<) list may only hold mappings.", keyStart), keyStart));
                            break;
                        default:
                            throw Fail("Invalid YAML: a merge key (<<) needs a mapping or a list of mappings.", keyStart);
                    }
                    continue;
                }

                if (seen.TryGetValue(key.Value, out var first))
                    throw Fail($"Invalid YAML: the key '{key.Value}' is already defined at line {first.Location.Line}; Docker Compose refuses duplicate keys.", keyStart);
                seen.Add(key.Value, key);
                size += value.ExpandedSize + 1;
                CheckSize(size, valueStart);
                explicitEntries.Add(new YEntry(key, value));
            }

            if (merged.Count > 0)
            {
                // Explicit keys win over merged ones; among merged mappings the first listed wins (YAML merge key spec).
                var fromMerges = new List<YEntry>();
                foreach (var (map, at) in merged)
                    foreach (var entry in map.Entries)
                        if (!seen.ContainsKey(entry.Key.Value))
                        {
                            seen.Add(entry.Key.Value, entry.Key);
                            fromMerges.Add(entry);
                            size += entry.Value.ExpandedSize + 1;
                            CheckSize(size, at);
                        }
                explicitEntries.InsertRange(mergeIndex, fromMerges);
            }

            return new YMapping(explicitEntries, Locate(start.Start, start.End), TagOf(start.Tag)) { ExpandedSize = (int)size };
        }
    }
}

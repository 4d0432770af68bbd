using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HardeningTasks.Core.Model.Dockerfile;

/// <summary>A word after BuildKit's variable substitution and quote removal, and the variables it could not resolve.</summary>
public sealed class ExpandedText
{
    public ExpandedText(string raw, string value, IReadOnlyList<string> unresolvedVariables, bool overBudget = false)
    {
        Raw = raw;
        Value = value;
        UnresolvedVariables = unresolvedVariables;
        OverBudget = overBudget;
    }

    /// <summary>The text as written.</summary>
    public string Raw { get; }

    /// <summary>The value with every resolvable variable substituted (an unresolvable one contributes nothing).</summary>
    public string Value { get; }

    /// <summary>Variables that have no value here (not declared, or declared without a default) and no
    /// <c>:-</c> default in the expression: the value depends on <c>--build-arg</c> or the builder, and is not known from the repository.</summary>
    public IReadOnlyList<string> UnresolvedVariables { get; }

    public bool IsFullyResolved => UnresolvedVariables.Count == 0;

    /// <summary>True when the file's <see cref="ExpansionBudget"/> refused a value here: an ARG or ENV defined from this text has no known value.</summary>
    public bool OverBudget { get; }

    /// <summary>The value an ARG or ENV defined from this text holds: null when it is not known (over budget).</summary>
    public string? DefinedValue => OverBudget ? null : Value;

    /// <summary>True when the text as written refers to a variable at all.</summary>
    public bool HasVariables => Raw.IndexOf('$') >= 0;

    public override string ToString() => Value;
}

/// <summary>
/// The substitution BuildKit applies to <c>FROM</c>, <c>COPY --from</c>, <c>USER</c>… (its shell lexer):
/// <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>, <c>${VAR:+alt}</c>, <c>${VAR+alt}</c>,
/// <c>${VAR:?msg}</c>, <c>${VAR#prefix}</c>, <c>${VAR%suffix}</c>, single and double quotes, and the escape token.
/// A variable the lookup does not know is reported as unresolved, never guessed.
/// </summary>
public static class DockerVariables
{
    /// <summary>The ARGs BuildKit sets by itself (platform of the build and of the target). They are always set, but
    /// their value depends on the machine, so they resolve to nothing known.</summary>
    public static readonly IReadOnlyCollection<string> AutomaticPlatformArgs = new HashSet<string>(StringComparer.Ordinal)
    {
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
        "TARGETSTAGE",
    };

    public static bool IsAutomaticPlatformArg(string name) => AutomaticPlatformArgs.Contains(name);

    /// <summary>Expands <paramref name="text"/>; <paramref name="lookup"/> returns a variable's value, or null when it is unset.
    /// A value <paramref name="budget"/> refuses counts as unresolved; the refusal is recorded at <paramref name="at"/>.</summary>
    public static ExpandedText Expand(string text, Func<string, string?> lookup, char escape = '\\', ExpansionBudget? budget = null, SourceSpan at = default)
    {
        var unresolved = new List<string>();
        var expander = new Expander(text, lookup, escape, unresolved, budget, at);
        var value = expander.Run();
        return new ExpandedText(text, value, unresolved, expander.OverBudget);
    }

    private sealed class Expander
    {
        private readonly string text;
        private readonly Func<string, string?> lookup;
        private readonly char escape;
        private readonly List<string> unresolved;
        private readonly ExpansionBudget? budget;
        private readonly SourceSpan at;
        private readonly int depth;
        private int pos;

        /// <summary>True once the budget refused a value in this text (nested expressions included).</summary>
        public bool OverBudget { get; private set; }

        /// <summary>How deep <c>${A:-${B:-…}}</c> may nest before the value counts as unknown: real Dockerfiles nest two or
        /// three levels; thousands would overflow the stack (each level is a nested expander).</summary>
        private const int MaxNesting = 64;

        public Expander(string text, Func<string, string?> lookup, char escape, List<string> unresolved, ExpansionBudget? budget, SourceSpan at, int depth = 0)
        {
            this.text = text;
            this.lookup = lookup;
            this.escape = escape;
            this.unresolved = unresolved;
            this.budget = budget;
            this.at = at;
            this.depth = depth;
        }

        public string Run()
        {
            var sb = new StringBuilder();
            while (pos < text.Length)
            {
                var c = text[pos];
                if (c == escape)
                {
                    pos++;
                    if (pos < text.Length) sb.Append(text[pos++]);
                }
                else if (c == '\'')
                {
                    var end = text.IndexOf('\'', pos + 1);
                    if (end < 0) end = text.Length;
                    sb.Append(text, pos + 1, end - pos - 1);
                    pos = Math.Min(text.Length, end + 1);
                }
                else if (c == '"')
                {
                    pos++;
                    while (pos < text.Length && text[pos] != '"')
                    {
                        if (text[pos] == escape && pos + 1 < text.Length)
                        {
                            sb.Append(text[pos + 1]);
                            pos += 2;
                        }
                        else if (text[pos] == '$') sb.Append(Dollar());
                        else sb.Append(text[pos++]);
                    }
                    pos++;
                }
                else if (c == '$') sb.Append(Dollar());
                else
                {
                    sb.Append(c);
                    pos++;
                }
            }
            return sb.ToString();
        }

        private static bool IsNameStart(char c) => c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        private static bool IsNameChar(char c) => IsNameStart(c) || (c >= '0' && c <= '9');

        /// <summary>At a <c>$</c>: the substituted text, consuming the reference.</summary>
        private string Dollar()
        {
            pos++; // '$'
            if (pos >= text.Length) return "$";
            var c = text[pos];
            if (c == '{') return Braced();
            if (IsNameStart(c))
            {
                var start = pos;
                while (pos < text.Length && IsNameChar(text[pos])) pos++;
                return Simple(text.Substring(start, pos - start));
            }
            if (c >= '0' && c <= '9')
            {
                pos++;
                return Simple(c.ToString());
            }
            return "$";
        }

        private string Simple(string name)
        {
            var value = lookup(name);
            if (value == null) Unresolved(name);
            return value != null && Affordable(name, value) ? value : "";
        }

        /// <summary>True when the budget lets <paramref name="value"/> be copied into the result; otherwise the variable is unresolved.</summary>
        private bool Affordable(string name, string value)
        {
            if (budget == null || budget.TrySpend(value.Length, name, at)) return true;
            Unresolved(name);
            OverBudget = true;
            return false;
        }

        private void Unresolved(string name)
        {
            if (!unresolved.Contains(name)) unresolved.Add(name);
        }

        private string Braced()
        {
            pos++; // '{'
            var start = pos;
            while (pos < text.Length && IsNameChar(text[pos])) pos++;
            var name = text.Substring(start, pos - start);
            if (pos >= text.Length)
            {
                // Unterminated ${ : BuildKit fails the build; nothing can be known.
                Unresolved(name.Length > 0 ? name : "${");
                return "";
            }
            var c = text[pos];
            if (c == '}')
            {
                pos++;
                return Simple(name);
            }

            var colon = c == ':';
            if (colon) pos++;
            if (pos >= text.Length)
            {
                // "${A:" at the very end: unterminated too (reading on would start past the end of the text).
                Unresolved(name.Length > 0 ? name : "${");
                return "";
            }
            var op = text[pos];
            pos++;
            if ((op == '#' || op == '%') && pos < text.Length && text[pos] == op) pos++; // ## and %% behave like # and % for literal patterns
            var wordStart = pos;
            var depth = 1;
            while (pos < text.Length)
            {
                if (text[pos] == escape && pos + 1 < text.Length) { pos += 2; continue; }
                if (text[pos] == '$' && pos + 1 < text.Length && text[pos + 1] == '{') { depth++; pos += 2; continue; }
                if (text[pos] == '}' && --depth == 0) break;
                pos++;
            }
            var word = text.Substring(wordStart, Math.Min(pos, text.Length) - wordStart);
            pos = Math.Min(text.Length, pos + 1); // '}'

            var value = lookup(name);
            var set = value != null;
            var setNonEmpty = !string.IsNullOrEmpty(value);
            switch (op)
            {
                case '-':
                    if (!(colon ? setNonEmpty : set)) return Nested(word);
                    return Affordable(name, value!) ? value! : "";
                case '+':
                    return (colon ? setNonEmpty : set) ? Nested(word) : "";
                case '?':
                    if (colon ? setNonEmpty : set) return Affordable(name, value!) ? value! : "";
                    Unresolved(name);
                    return "";
                case '#':
                    if (!set) { Unresolved(name); return ""; }
                    if (!Affordable(name, value!)) return "";
                    var prefix = Nested(word);
                    return value!.StartsWith(prefix, StringComparison.Ordinal) ? value.Substring(prefix.Length) : value;
                case '%':
                    if (!set) { Unresolved(name); return ""; }
                    if (!Affordable(name, value!)) return "";
                    var suffix = Nested(word);
                    return value!.EndsWith(suffix, StringComparison.Ordinal) ? value.Substring(0, value.Length - suffix.Length) : value;
                default:
                    // ${VAR/pattern/replacement} and other forms: the variable decides the value.
                    if (!set) Unresolved(name);
                    return set && Affordable(name, value!) ? value! : "";
            }
        }

        private string Nested(string word)
        {
            if (depth < MaxNesting)
            {
                var nested = new Expander(word, lookup, escape, unresolved, budget, at, depth + 1);
                var value = nested.Run();
                OverBudget |= nested.OverBudget;
                return value;
            }
            Unresolved("${");
            return "";
        }
    }
}

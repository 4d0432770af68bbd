using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Dockerfile;
using HardeningTasks.Core.Parsing.Dockerfile;

namespace HardeningTasks.Core.Tests.Parsing;

public class DockerfileParserTests
{
    private const string File = "/repo/Dockerfile";

    private static DockerfileModel Parse(string text)
    {
        var result = DockerfileParser.Parse(File, text);
        Assert.That(result.Error, Is.Null, () => "unexpected error: " + result.Error);
        return result.Model!;
    }

    private static LoadErrorView Fail(string text)
    {
        var result = DockerfileParser.Parse(File, text);
        Assert.That(result.Model, Is.Null, "expected a parse error");
        return new LoadErrorView(result.Error!.Message, result.Error.Span);
    }

    private sealed record LoadErrorView(string Message, SourceSpan Span);

    // ---------- parser directives ----------

    [Test]
    public void Directives_AtTheTop_AreRead_CaseInsensitiveKey()
    {
        var df = Parse("# syntax=docker/dockerfile:1.7\n#   ESCAPE = \\ \n# check=skip=JSONArgsRecommended;error=true\nFROM alpine:3.20\n");
        Assert.That(df.Directives.Select(d => d.Name), Is.EqualTo(new[] { "syntax", "escape", "check" }));
        Assert.That(df.Directive("syntax")!.Value, Is.EqualTo("docker/dockerfile:1.7"));
        Assert.That(df.Directive("escape")!.Value, Is.EqualTo("\\"));
        Assert.That(df.Directive("check")!.Line, Is.EqualTo(3));
        Assert.That(df.Directive("syntax")!.ValueSpan, Is.EqualTo(new SourceSpan(1, 10, 1, 31)));
        Assert.That(df.SkipsBuildCheck("JSONArgsRecommended"), Is.True);
        Assert.That(df.SkipsBuildCheck("StageNameCasing"), Is.False);
    }

    [Test]
    public void Directives_AfterABlankLine_AreComments()
    {
        var df = Parse("# syntax=docker/dockerfile:1\n\n# escape=`\nFROM alpine\nRUN echo a \\\n  b\n");
        Assert.That(df.Directives.Select(d => d.Name), Is.EqualTo(new[] { "syntax" }));
        Assert.That(df.EscapeToken, Is.EqualTo('\\'));
        Assert.That(df.Instructions[1].Arguments, Is.EqualTo("echo a   b"));
    }

    [Test]
    public void Directives_AfterAnOrdinaryComment_OrAnUnknownDirective_AreComments()
    {
        Assert.That(Parse("# hello\n# escape=`\nFROM alpine\n").Directives, Is.Empty);
        Assert.That(Parse("# unknowndirective=x\n# syntax=docker/dockerfile:1\nFROM alpine\n").Directives, Is.Empty);
        Assert.That(Parse("FROM alpine\n# syntax=docker/dockerfile:1\n").Directives, Is.Empty);
    }

    [Test]
    public void Directive_Repeated_IsAnError_AtItsLine()
    {
        var error = Fail("# syntax=a\n# syntax=b\nFROM alpine\n");
        Assert.That(error.Span.Line, Is.EqualTo(2));
        Assert.That(error.Message, Does.Contain("Only one 'syntax'"));
    }

    [Test]
    public void Directive_InvalidEscape_IsAnError_AtTheValue()
    {
        var error = Fail("# escape=x\nFROM alpine\n");
        Assert.That(error.Span, Is.EqualTo(new SourceSpan(1, 10, 1, 11)));
    }

    [Test]
    public void BacktickEscape_ContinuesLines_AndBackslashIsLiteral()
    {
        var df = Parse("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN Write-Host a `\n    b\nCOPY C:\\src\\ C:\\app\\\n");
        Assert.That(df.EscapeToken, Is.EqualTo('`'));
        var run = df.Instructions[1];
        Assert.That(run.Arguments, Is.EqualTo("Write-Host a     b"));
        Assert.That((run.StartLine, run.EndLine), Is.EqualTo((3, 4)));
        var copy = df.Instructions[2];
        Assert.That(copy.Words.Select(w => w.Text), Is.EqualTo(new[] { "C:\\src\\", "C:\\app\\" }));
        Assert.That(copy.EndLine, Is.EqualTo(5));
    }

    // ---------- instructions, keywords, flags ----------

    [Test]
    public void Keywords_AreUpperCased_WithLocations()
    {
        var df = Parse("from alpine:3.20 as Build\n  run echo hi\nCopy --chown=app:app . /app\n");
        Assert.That(df.Instructions.Select(i => i.Keyword), Is.EqualTo(new[] { "FROM", "RUN", "COPY" }));
        var run = df.Instructions[1];
        Assert.That(run.KeywordToken.Text, Is.EqualTo("run"));
        Assert.That(run.KeywordToken.Span, Is.EqualTo(new SourceSpan(2, 3, 2, 6)));
        Assert.That(run.ArgumentsSpan, Is.EqualTo(new SourceSpan(2, 7, 2, 14)));
        Assert.That(df.Stages[0].Name, Is.EqualTo("build"));
        Assert.That(df.Stages[0].NameToken!.Value.Text, Is.EqualTo("Build"));
    }

    [Test]
    public void Flags_HaveNamesValuesAndLocations()
    {
        var df = Parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build --chown=10001:10001 --link /out/app /app\n");
        var from = df.Instructions[0];
        Assert.That(from.Flag("platform")!.Value, Is.EqualTo("$BUILDPLATFORM"));
        Assert.That(from.Flag("platform")!.Span, Is.EqualTo(new SourceSpan(1, 6, 1, 31)));
        Assert.That(from.Flag("platform")!.ValueSpan, Is.EqualTo(new SourceSpan(1, 17, 1, 31)));
        Assert.That(df.Stages[0].BaseToken.Text, Is.EqualTo("golang:1.22"));
        Assert.That(df.Stages[0].BaseToken.Span, Is.EqualTo(new SourceSpan(1, 32, 1, 43)));
        var copy = df.Instructions[2];
        Assert.That(copy.Flags.Select(f => f.ToString()), Is.EqualTo(new[] { "--from=build", "--chown=10001:10001", "--link" }));
        Assert.That(copy.Flag("from")!.ValueSpan, Is.EqualTo(new SourceSpan(3, 13, 3, 18)));
        Assert.That(copy.Flag("link")!.Value, Is.Null);
        Assert.That(copy.Words.Select(w => w.Text), Is.EqualTo(new[] { "/out/app", "/app" }));
        Assert.That(copy.Arguments, Is.EqualTo("/out/app /app"));
    }

    [Test]
    public void Flags_QuotedValues_AreUnquoted()
    {
        var df = Parse("FROM alpine\nCOPY --chown=\"app user\" a b\n");
        Assert.That(df.Instructions[1].Flag("chown")!.Value, Is.EqualTo("app user"));
        Assert.That(df.Instructions[1].Arguments, Is.EqualTo("a b"));
    }

    [Test]
    public void Mounts_AreParsed_WithTypeFromAndLocation()
    {
        var df = Parse(
            "FROM python:3.12-slim\n" +
            "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \\\n" +
            "    --mount=type=cache,target=/root/.cache/pip \\\n" +
            "    --mount=from=ghcr.io/astral-sh/uv:0.4.0,source=/uv,target=/bin/uv \\\n" +
            "    --mount=source=req.txt,target=/req.txt \\\n" +
            "    pip install -r /req.txt\n");
        var run = df.Instructions[1];
        Assert.That(run.Mounts.Select(m => m.Type), Is.EqualTo(new[] { "secret", "cache", "bind", "bind" }));
        Assert.That(run.Mounts[0].Id, Is.EqualTo("npmrc"));
        Assert.That(run.Mounts[1].Target, Is.EqualTo("/root/.cache/pip"));
        Assert.That(run.Mounts[2].From, Is.EqualTo("ghcr.io/astral-sh/uv:0.4.0"));
        Assert.That(run.Mounts[2].FromSpan, Is.EqualTo(new SourceSpan(4, 18, 4, 44)));
        Assert.That(run.Mounts[2].Flag.Span.Line, Is.EqualTo(4));
        Assert.That(run.Mounts[3].Source, Is.EqualTo("req.txt"));
        Assert.That(run.Arguments, Is.EqualTo("pip install -r /req.txt"));
        Assert.That(run.ArgumentsSpan, Is.EqualTo(new SourceSpan(6, 5, 6, 28)));
    }

    [Test]
    public void JsonForm_IsDetected_AndDecoded()
    {
        var df = Parse("FROM alpine\nCMD [ \"node\", \"server.js\", \"--a=\\\"b\\\"\" ]\nENTRYPOINT [\"/sbin/tini\", \"--\"]\nRUN [ not json\nCMD echo [x]\n");
        var cmd = df.Instructions[1];
        Assert.That(cmd.IsJsonForm, Is.True);
        Assert.That(cmd.JsonArguments, Is.EqualTo(new[] { "node", "server.js", "--a=\"b\"" }));
        Assert.That(cmd.Words[1].Span, Is.EqualTo(new SourceSpan(2, 15, 2, 26)));
        Assert.That(df.Instructions[2].JsonArguments, Is.EqualTo(new[] { "/sbin/tini", "--" }));
        Assert.That(df.Instructions[3].IsJsonForm, Is.False);
        Assert.That(df.Instructions[3].Arguments, Is.EqualTo("[ not json"));
        Assert.That(df.Instructions[4].IsJsonForm, Is.False);
    }

    [Test]
    public void JsonForm_WithANonString_IsAnError()
    {
        var error = Fail("FROM alpine\nCMD [\"sleep\", 5]\n");
        Assert.That(error.Span.Line, Is.EqualTo(2));
        Assert.That(error.Message, Does.Contain("only strings"));
    }

    [Test]
    public void Healthcheck_TypeAndCommand()
    {
        var df = Parse("FROM alpine\nHEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost/ || exit 1\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost\"]\n");
        var first = df.Instructions[1];
        Assert.That(first.Flag("interval")!.Value, Is.EqualTo("30s"));
        Assert.That(first.Words[0].Text, Is.EqualTo("CMD"));
        Assert.That(first.IsJsonForm, Is.False);
        Assert.That(df.Instructions[2].Words.Single().Text, Is.EqualTo("NONE"));
        Assert.That(df.Instructions[3].IsJsonForm, Is.True);
        Assert.That(df.Instructions[3].Words.Select(w => w.Text), Is.EqualTo(new[] { "CMD", "curl", "-f", "http://localhost" }));
    }

    [Test]
    public void EnvLabelArg_KeyValues()
    {
        var df = Parse("ARG A B=2 C=\"x y\"\nFROM alpine\nENV PATH=/app/bin:$PATH LANG=C.UTF-8\nENV LEGACY some value here\nLABEL org.opencontainers.image.source=\"https://x\"\n");
        var arg = df.Instructions[0];
        Assert.That(arg.KeyValues.Select(k => k.ToString()), Is.EqualTo(new[] { "A", "B=2", "C=\"x y\"" }));
        Assert.That(arg.KeyValues[1].Key.Span, Is.EqualTo(new SourceSpan(1, 7, 1, 8)));
        Assert.That(arg.KeyValues[0].HasValue, Is.False);
        var env = df.Instructions[2];
        Assert.That(env.KeyValues.Select(k => k.Name), Is.EqualTo(new[] { "PATH", "LANG" }));
        Assert.That(env.KeyValues[1].Key.Span, Is.EqualTo(new SourceSpan(3, 25, 3, 29)));
        var legacy = df.Instructions[3].KeyValues.Single();
        Assert.That((legacy.Name, legacy.RawValue), Is.EqualTo(("LEGACY", "some value here")));
        Assert.That(df.Instructions[4].KeyValues.Single().Name, Is.EqualTo("org.opencontainers.image.source"));
    }

    [Test]
    public void Env_WordWithoutEquals_AfterPairs_IsAnError()
    {
        var error = Fail("FROM alpine\nENV A=1 B\n");
        Assert.That(error.Span, Is.EqualTo(new SourceSpan(2, 9, 2, 10)));
    }

    // ---------- continuations ----------

    [Test]
    public void Continuation_DropsCommentAndEmptyLines_KeepsLeadingWhitespace()
    {
        var df = Parse(
            "FROM debian:12\n" +
            "RUN apt-get update \\\n" +
            "    # a comment inside the continuation\n" +
            "\n" +
            "   \t\n" +
            "    && apt-get install -y curl \\\n" +
            "  # trailing comment\n" +
            "    && rm -rf /var/lib/apt/lists/*\n" +
            "USER app\n");
        var run = df.Instructions[1];
        Assert.That(run.Arguments, Is.EqualTo("apt-get update     && apt-get install -y curl     && rm -rf /var/lib/apt/lists/*"));
        Assert.That((run.StartLine, run.EndLine), Is.EqualTo((2, 8)));
        Assert.That(df.Comments.Where(c => c.InContinuation).Select(c => c.Line), Is.EqualTo(new[] { 3, 7 }));
        var install = run.Arguments.IndexOf("apt-get install", StringComparison.Ordinal);
        Assert.That(run.ArgumentSpan(install, 7), Is.EqualTo(new SourceSpan(6, 8, 6, 15)));
        var rm = run.Arguments.IndexOf("rm -rf", StringComparison.Ordinal);
        Assert.That(run.ArgumentSpan(rm, 2), Is.EqualTo(new SourceSpan(8, 8, 8, 10)));
        Assert.That(df.Instructions[2].StartLine, Is.EqualTo(9));
    }

    [Test]
    public void Continuation_TrailingBlanksAfterEscape_StillContinue_EscapedEscapeDoesNot()
    {
        var df = Parse("FROM alpine\nRUN echo a \\  \t\n  b\nRUN echo c \\\\\nRUN echo d\n");
        Assert.That(df.Instructions[1].Arguments, Is.EqualTo("echo a   b"));
        Assert.That(df.Instructions[2].Arguments, Is.EqualTo("echo c \\\\"));
        Assert.That(df.Instructions.Count, Is.EqualTo(4));
    }

    [Test]
    public void Continuation_BackslashAtEndOfFile_EndsTheInstruction()
    {
        var df = Parse("FROM alpine\nRUN echo a \\");
        Assert.That(df.Instructions[1].Arguments, Is.EqualTo("echo a"));
        Assert.That(df.Instructions[1].EndLine, Is.EqualTo(2));
        var df2 = Parse("FROM alpine\nRUN echo a \\\n");
        Assert.That(df2.Instructions[1].Arguments, Is.EqualTo("echo a"));
    }

    [Test]
    public void CrLf_Tabs_AndBom_AreHandled()
    {
        var df = Parse("\uFEFFFROM alpine:3.20\r\n\tRUN\techo a \\\r\n\t\tb\r\nCMD [\"sh\"]\r\n");
        Assert.That(df.Instructions.Select(i => i.Keyword), Is.EqualTo(new[] { "FROM", "RUN", "CMD" }));
        var run = df.Instructions[1];
        Assert.That(run.KeywordToken.Span, Is.EqualTo(new SourceSpan(2, 2, 2, 5)));
        Assert.That(run.Arguments, Is.EqualTo("echo a \t\tb"));
        Assert.That(df.Instructions[2].StartLine, Is.EqualTo(4));
        Assert.That(df.Stages[0].BaseImage!.Tag, Is.EqualTo("3.20"));
    }

    [Test]
    public void LineOfOnlyEscape_StartsAContinuation()
    {
        var df = Parse("FROM alpine\n\\\nRUN echo a\n");
        Assert.That(df.Instructions[1].Keyword, Is.EqualTo("RUN"));
        Assert.That(df.Instructions[1].KeywordToken.Span.Line, Is.EqualTo(3));
    }

    // ---------- heredocs ----------

    [Test]
    public void Heredoc_Run_BodyLinesAndLineNumbers()
    {
        var df = Parse("FROM alpine\nRUN <<EOF\napk add curl\necho done\nEOF\nUSER app\n");
        var run = df.Instructions[1];
        var heredoc = run.Heredocs.Single();
        Assert.That(heredoc.Name, Is.EqualTo("EOF"));
        Assert.That(heredoc.Expand, Is.True);
        Assert.That(heredoc.Lines.Select(l => (l.Line, l.Text)), Is.EqualTo(new[] { (3, "apk add curl"), (4, "echo done") }));
        Assert.That(heredoc.Content, Is.EqualTo("apk add curl\necho done\n"));
        Assert.That(heredoc.TerminatorLine, Is.EqualTo(5));
        Assert.That(heredoc.Opener.Span, Is.EqualTo(new SourceSpan(2, 5, 2, 10)));
        Assert.That((run.StartLine, run.EndLine), Is.EqualTo((2, 5)));
        Assert.That(df.Instructions[2].Keyword, Is.EqualTo("USER"));
        Assert.That(df.Instructions[2].StartLine, Is.EqualTo(6));
    }

    [Test]
    public void Heredoc_Chomp_StripsLeadingTabs_FromBodyAndTerminator()
    {
        var df = Parse("FROM alpine\nRUN <<-EOT bash\n\t\techo a\n\t  echo b\n\tEOT\n");
        var heredoc = df.Instructions[1].Heredocs.Single();
        Assert.That(heredoc.Chomp, Is.True);
        Assert.That(heredoc.Content, Is.EqualTo("\t\techo a\n\t  echo b\n"));
        Assert.That(heredoc.EffectiveContent, Is.EqualTo("echo a\n  echo b\n"));
        Assert.That(heredoc.Lines[0].Span(0, 4), Is.EqualTo(new SourceSpan(3, 3, 3, 7)));
        Assert.That(heredoc.TerminatorLine, Is.EqualTo(5));
    }

    [Test]
    public void Heredoc_WithoutChomp_IndentedTerminatorIsBody()
    {
        var error = Fail("FROM alpine\nRUN <<EOF\necho a\n\tEOF\n");
        Assert.That(error.Span, Is.EqualTo(new SourceSpan(2, 5, 2, 10)));
        Assert.That(error.Message, Does.Contain("Unterminated heredoc"));
    }

    [Test]
    public void Heredoc_QuotedDelimiters_DoNotExpand()
    {
        var df = Parse("FROM alpine\nRUN <<\"EOF\"\necho $HOME\nEOF\nRUN <<'END'\necho $HOME\nEND\n");
        Assert.That(df.Instructions[1].Heredocs.Single().Name, Is.EqualTo("EOF"));
        Assert.That(df.Instructions[1].Heredocs.Single().Expand, Is.False);
        Assert.That(df.Instructions[2].Heredocs.Single().Name, Is.EqualTo("END"));
        Assert.That(df.Instructions[2].Heredocs.Single().Expand, Is.False);
    }

    [Test]
    public void Heredoc_Several_InOneInstruction_ReadInOrder()
    {
        var df = Parse("FROM alpine\nCOPY <<a.txt <<b.txt /dst/\nA\na.txt\nB1\nB2\nb.txt\nRUN cat /dst/a.txt\n");
        var copy = df.Instructions[1];
        Assert.That(copy.Heredocs.Select(h => h.Name), Is.EqualTo(new[] { "a.txt", "b.txt" }));
        Assert.That(copy.Heredocs[1].Lines.Select(l => l.Line), Is.EqualTo(new[] { 5, 6 }));
        Assert.That(copy.EndLine, Is.EqualTo(7));
        Assert.That(copy.Words.Select(w => w.Text), Is.EqualTo(new[] { "<<a.txt", "<<b.txt", "/dst/" }));
        Assert.That(df.Instructions[2].StartLine, Is.EqualTo(8));
    }

    [Test]
    public void Heredoc_CopyToDestination_AndFileDescriptor()
    {
        var df = Parse("FROM alpine\nCOPY <<EOF /etc/app.conf\nkey=value\nEOF\nRUN 3<<EOF cat /dev/fd/3\nx\nEOF\n");
        Assert.That(df.Instructions[1].Heredocs.Single().Content, Is.EqualTo("key=value\n"));
        Assert.That(df.Instructions[2].Heredocs.Single().FileDescriptor, Is.EqualTo(3));
    }

    [Test]
    public void Heredoc_NotInQuotes_NotInJsonForm_NotForOtherInstructions()
    {
        var df = Parse("FROM alpine\nRUN echo '<<EOF'\nRUN [\"sh\", \"-c\", \"cat <<EOF\"]\nLABEL x=\"<<EOF\"\nCMD cat <<EOF\n");
        Assert.That(df.Instructions.SelectMany(i => i.Heredocs), Is.Empty);
        Assert.That(df.Instructions.Count, Is.EqualTo(5));
    }

    [Test]
    public void Heredoc_EmptyBody_AndContinuedOpener()
    {
        var df = Parse("FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk \\\n    <<EOF\nEOF\n");
        var heredoc = df.Instructions[1].Heredocs.Single();
        Assert.That(heredoc.Lines, Is.Empty);
        Assert.That(heredoc.Opener.Span.Line, Is.EqualTo(3));
        Assert.That(heredoc.TerminatorLine, Is.EqualTo(4));
    }

    [Test]
    public void Heredoc_BodyIsNotParsedForCommentsOrContinuations()
    {
        var df = Parse("FROM alpine\nRUN <<EOF\n# not a Dockerfile comment \\\nFROM is text here\nEOF\n");
        Assert.That(df.Stages.Count, Is.EqualTo(1));
        Assert.That(df.Instructions[1].Heredocs.Single().Lines.Count, Is.EqualTo(2));
        Assert.That(df.Comments, Is.Empty);
    }

    [Test]
    public void Heredoc_Unterminated_IsAnError_AtTheOpener()
    {
        var error = Fail("FROM alpine\nRUN echo start && cat <<EOF > /x\nline\n");
        Assert.That(error.Span, Is.EqualTo(new SourceSpan(2, 23, 2, 28)));
    }

    // ---------- ONBUILD ----------

    [Test]
    public void OnBuild_InnerInstruction_IsParsed_WithHeredoc()
    {
        var df = Parse("FROM alpine\nONBUILD COPY --chown=app . /app\nONBUILD RUN <<EOF\nmake\nEOF\n");
        var inner = df.Instructions[1].OnBuild!;
        Assert.That(inner.Keyword, Is.EqualTo("COPY"));
        Assert.That(inner.KeywordToken.Span, Is.EqualTo(new SourceSpan(2, 9, 2, 13)));
        Assert.That(inner.Flag("chown")!.Value, Is.EqualTo("app"));
        Assert.That(inner.Words.Select(w => w.Text), Is.EqualTo(new[] { ".", "/app" }));
        var run = df.Instructions[2];
        Assert.That(run.OnBuild!.Keyword, Is.EqualTo("RUN"));
        Assert.That(run.Heredocs.Single().Lines.Single().Text, Is.EqualTo("make"));
        Assert.That(run.OnBuild.Heredocs, Has.Count.EqualTo(1));
    }

    // ---------- stages and ARG scoping ----------

    [Test]
    public void Stages_IndexNameBaseStageScratch()
    {
        var df = Parse(
            "FROM --platform=$BUILDPLATFORM golang:1.22 AS Builder\nRUN go build\n" +
            "FROM builder AS test\nRUN go test\n" +
            "FROM scratch\nCOPY --from=BUILDER /out /app\nCOPY --from=0 /x /y\n");
        Assert.That(df.Stages.Select(s => s.Index), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(df.Stages[0].BaseImage!.FamiliarName, Is.EqualTo("golang"));
        Assert.That(df.Stages[0].Platform!.Value, Is.EqualTo("$BUILDPLATFORM"));
        Assert.That(df.Stages[1].BaseStage, Is.SameAs(df.Stages[0]));
        Assert.That(df.Stages[1].BaseImage, Is.Null);
        Assert.That(df.Stages[2].IsScratch, Is.True);
        Assert.That(df.Stages[2].IsLast, Is.True);
        Assert.That(df.Stages[2].DisplayName, Is.EqualTo("stage 2"));
        Assert.That(df.Stages[2].FinalDisplayName, Is.EqualTo("final stage"));
        Assert.That(df.Stages[0].DisplayName, Is.EqualTo("stage 'Builder'"));
        Assert.That(df.FindStage("BUILDER"), Is.SameAs(df.Stages[0]));
        Assert.That(df.FindStage("0"), Is.SameAs(df.Stages[0]));
        Assert.That(df.FindStage("7"), Is.Null);
        Assert.That(df.FindStage("alpine"), Is.Null);
        Assert.That(df.Stages[2].Instructions.Select(i => i.StartLine), Is.EqualTo(new[] { 6, 7 }));
        Assert.That(df.Instructions[5].Stage, Is.SameAs(df.Stages[2]));
    }

    [Test]
    public void FromOfALaterStageName_IsAnImage_NotAStage()
    {
        var df = Parse("FROM app\nFROM alpine AS app\n");
        Assert.That(df.Stages[0].BaseStage, Is.Null);
        Assert.That(df.Stages[0].BaseImage!.FamiliarName, Is.EqualTo("app"));
    }

    [Test]
    public void GlobalArgs_ResolveFrom_WithDefaults_AndEarlierArgs()
    {
        var df = Parse(
            "ARG REGISTRY=ghcr.io/acme\nARG VERSION=\"1.2\"\nARG IMAGE=${REGISTRY}/app:${VERSION}\nARG NODE\n" +
            "FROM ${IMAGE} AS a\nFROM node:${NODE:-20.11.1}-alpine AS b\nFROM node:$NODE AS c\nFROM alpine:${TARGETARCH} AS d\nFROM python:${PY:+3.12}\n");
        Assert.That(df.GlobalArgs.Select(a => a.Name), Is.EqualTo(new[] { "REGISTRY", "VERSION", "IMAGE", "NODE" }));
        Assert.That(df.GlobalArgs[2].Value, Is.EqualTo("ghcr.io/acme/app:1.2"));
        Assert.That(df.Stages[0].Base.Value, Is.EqualTo("ghcr.io/acme/app:1.2"));
        Assert.That(df.Stages[0].BaseImage!.Registry, Is.EqualTo("ghcr.io"));
        Assert.That(df.Stages[1].Base.Value, Is.EqualTo("node:20.11.1-alpine"));
        Assert.That(df.Stages[1].Base.IsFullyResolved, Is.True);
        Assert.That(df.Stages[2].Base.UnresolvedVariables, Is.EqualTo(new[] { "NODE" }));
        Assert.That(df.Stages[2].BaseImage, Is.Null);
        Assert.That(df.Stages[3].Base.UnresolvedVariables, Is.EqualTo(new[] { "TARGETARCH" }));
        Assert.That(df.Stages[4].Base.Value, Is.EqualTo("python:"));
        Assert.That(df.Stages[4].Base.IsFullyResolved, Is.True);
    }

    [Test]
    public void StageArgs_RedeclaredGlobal_TakesTheGlobalDefault_AndEnvOverrides()
    {
        var df = Parse(
            "ARG UID=10001\nARG BASE=builder\nFROM alpine:3.20 AS builder\nFROM ${BASE}\nARG UID\nARG GID=${UID}\nUSER ${UID}:${GID}\nENV APP_USER=app\nUSER $APP_USER\nARG NOPE\nUSER $NOPE\n");
        var stage = df.Stages[1];
        Assert.That(stage.BaseStage, Is.SameAs(df.Stages[0]), "FROM ${BASE} resolves to the earlier stage");
        Assert.That(stage.Args.Select(a => (a.Name, a.Value)), Is.EqualTo(new[] { ("UID", (string?)"10001"), ("GID", "10001"), ("NOPE", null) }));
        var users = stage.InstructionsOf("USER").ToList();
        Assert.That(stage.Expand(users[0].Arguments, users[0]).Value, Is.EqualTo("10001:10001"));
        Assert.That(stage.Expand(users[1].Arguments, users[1]).Value, Is.EqualTo("app"));
        Assert.That(stage.Expand(users[2].Arguments, users[2]).UnresolvedVariables, Is.EqualTo(new[] { "NOPE" }));
        Assert.That(stage.Expand("$UID", users[0]).Value, Is.EqualTo("10001"));
        Assert.That(df.Stages[0].Expand("$UID").IsFullyResolved, Is.False, "a global ARG is not in a stage's scope until re-declared");
    }

    [Test]
    public void Variables_Expansion_Forms()
    {
        string? Lookup(string n) => n switch { "SET" => "v", "EMPTY" => "", _ => null };
        DockerVariables.Expand("${SET}-${EMPTY:-d}-${EMPTY-d}-${UNSET:-x}-${SET:+alt}-${UNSET:+alt}", Lookup).Value.Should("v-d--x-alt-");
        DockerVariables.Expand("'$SET'\"$SET\"\\$SET", Lookup).Value.Should("$SETv$SET");
        var unresolved = DockerVariables.Expand("a:${UNSET}${UNSET2:?required}$SET", Lookup);
        Assert.That(unresolved.UnresolvedVariables, Is.EqualTo(new[] { "UNSET", "UNSET2" }));
        Assert.That(DockerVariables.Expand("${UNSET:-${SET}}", Lookup).Value, Is.EqualTo("v"));
        Assert.That(DockerVariables.Expand("${UNSET:-${ALSO}}", Lookup).UnresolvedVariables, Is.EqualTo(new[] { "ALSO" }));
        Assert.That(DockerVariables.Expand("`$SET", Lookup, '`').Value, Is.EqualTo("$SET"));
    }

    // ---------- errors BuildKit raises ----------

    [Test]
    public void NoFrom_ButInstructions_IsAnError_AtTheFirstInstruction()
    {
        var error = Fail("# build me\nRUN echo hi\nCMD [\"sh\"]\n");
        Assert.That(error.Span, Is.EqualTo(new SourceSpan(2, 1, 2, 4)));
        var onlyArgs = Fail("ARG A=1\n\nARG B\n");
        Assert.That(onlyArgs.Span.Line, Is.EqualTo(1));
        Assert.That(onlyArgs.Message, Does.Contain("no FROM"));
    }

    [Test]
    public void InstructionBeforeFrom_IsAnError()
    {
        var error = Fail("ARG V=1\nENV X=1\nFROM alpine\n");
        Assert.That(error.Span.Line, Is.EqualTo(2));
    }

    [Test]
    public void UnknownInstruction_IsAnError_AtTheKeyword()
    {
        var error = Fail("FROM alpine\n  RUNN echo hi\n");
        Assert.That(error.Span, Is.EqualTo(new SourceSpan(2, 3, 2, 7)));
        Assert.That(error.Message, Does.Contain("RUNN"));
    }

    [Test]
    public void From_WithWrongArguments_IsAnError()
    {
        Assert.That(Fail("FROM alpine builder\n").Span.Line, Is.EqualTo(1));
        Assert.That(Fail("FROM alpine AS 1bad\n").Span, Is.EqualTo(new SourceSpan(1, 16, 1, 20)));
    }

    [Test]
    public void EmptyAndCommentOnlyFiles_HaveNoStages()
    {
        Assert.That(Parse("").Stages, Is.Empty);
        Assert.That(Parse("# nothing yet\n\n").Instructions, Is.Empty);
    }
}

internal static class StringAssertExtensions
{
    public static void Should(this string actual, string expected) => Assert.That(actual, Is.EqualTo(expected));
}

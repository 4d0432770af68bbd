using System.Diagnostics;
using System.Text;
using HardeningTasks.Core.IO;
using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Tests.Robustness;

/// <summary>
/// Hostile inputs through the real <see cref="Engine.Analyze"/>: each gives one precise diagnostic (rule, file,
/// line/column, a message that says what is wrong) and never costs the findings of the ordinary file beside it.
/// </summary>
public class HostileInputTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    // ------------------------------------------------------------------ YAML bombs and nesting

    [Test]
    public void A_billion_laughs_through_aliases_is_HRD000_at_the_alias_that_crosses_the_limit()
    {
        // x-a has 10 nodes, x-b 91, … x-f 597,871; the second *f in x-g takes it past 1,000,000.
        var text = new StringBuilder("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        const string levels = "abcdefghi";
        for (var i = 1; i < levels.Length; i++)
            text.Append($"x-{levels[i]}: &{levels[i]} [{string.Join(", ", Enumerable.Repeat("*" + levels[i - 1], 9))}]\n");
        text.Append("services:\n  app:\n    image: nginx:1.25.3\n");
        using var bed = HostileBed.InMemory().Write("compose.yml", text.ToString());

        var watch = Stopwatch.StartNew();
        var result = bed.Analyze("compose.yml");
        var (line, column) = HostileBed.Position(text.ToString(), "*f", 2);
        var finding = bed.AssertSingle(result, "compose.yml", "HRD000", line, column);
        Assert.That(finding.Message, Does.Contain("alias bomb").And.Contain($"{YamlLoader.MaxExpandedNodes:N0} nodes"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void A_billion_laughs_through_merge_keys_is_HRD000_at_the_merge_that_crosses_the_limit()
    {
        // x-e expands to 66,430 nodes; x-m holds eight of them (531,449). x-boom's nine explicit *e stay under the limit,
        // and merging x-m's entries (<<: *m) takes it over: the limit is counted through merge keys too.
        var text = new StringBuilder("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        const string levels = "abcde";
        for (var i = 1; i < levels.Length; i++)
            text.Append($"x-{levels[i]}: &{levels[i]} [{string.Join(", ", Enumerable.Repeat("*" + levels[i - 1], 9))}]\n");
        text.Append("x-m: &m {" + string.Join(", ", Enumerable.Range(1, 8).Select(i => $"m{i}: *e")) + "}\n");
        text.Append("x-boom: {" + string.Join(", ", Enumerable.Range(1, 9).Select(i => $"b{i}: *e")) + ", <<: *m}\n");
        text.Append("services:\n  app:\n    image: nginx:1.25.3\n");
        using var bed = HostileBed.InMemory().Write("compose.yml", text.ToString());

        var result = bed.Analyze("compose.yml");
        var (line, column) = HostileBed.Position(text.ToString(), "*m");
        var finding = bed.AssertSingle(result, "compose.yml", "HRD000", line, column);
        Assert.That(finding.Message, Does.Contain("alias bomb"));
    }

    [Test]
    public void Merge_keys_and_aliases_under_the_limit_are_loaded_and_checked()
    {
        // Six copies of a 66,430-node anchor, merged into a service: about 870,000 nodes in all, under the limit, so the file
        // is checked in full, and quickly.
        var text = new StringBuilder("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        const string levels = "abcde";
        for (var i = 1; i < levels.Length; i++)
            text.Append($"x-{levels[i]}: &{levels[i]} [{string.Join(", ", Enumerable.Repeat("*" + levels[i - 1], 9))}]\n");
        text.Append("x-base: &base\n  image: redis:latest\n  x-big: {" + string.Join(", ", Enumerable.Range(1, 6).Select(i => $"m{i}: *e")) + "}\n");
        text.Append("services:\n  app:\n    <<: *base\n    command: [\"serve\"]\n");
        using var bed = HostileBed.InMemory().Write("compose.yml", text.ToString());

        var watch = Stopwatch.StartNew();
        var result = bed.Analyze("compose.yml");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "a large expansion under the limit stays fast");
        var (line, column) = HostileBed.Position(text.ToString(), "redis:latest");
        bed.AssertSingle(result, "compose.yml", "HRD001", line, column);
        Assert.That(result.Findings.Where(f => f.RuleId == "HRD000"), Is.Empty, HostileBed.Describe(result));
    }

    [Test]
    public void Flow_nesting_ten_thousand_deep_is_HRD000_where_it_passes_the_depth_limit()
    {
        var text = "services: " + new string('[', 10_000) + new string(']', 10_000) + "\n";
        using var bed = HostileBed.InMemory().Write("compose.yml", text);
        // The root mapping is level 0 and the first '[' (column 11) level 1: level 257 is the 257th '['.
        var finding = bed.AssertSingle(bed.Analyze("compose.yml"), "compose.yml", "HRD000", 1, 11 + YamlLoader.MaxDepth);
        Assert.That(finding.Message, Does.Contain($"nests deeper than {YamlLoader.MaxDepth} levels"));
    }

    [Test]
    public void Flow_mapping_nesting_ten_thousand_deep_in_a_Traefik_file_is_HRD000()
    {
        var text = "http:\n  routers: " + string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "x" + new string('}', 10_000) + "\n";
        using var bed = HostileBed.InMemory().Write("traefik.yml", text);
        // http: is level 1, routers' value level 2 (the '{' at column 12), every "{a: " 4 columns and one level deeper, and a
        // key one level below its mapping: the first node past the limit is the key 'a' of the mapping at level 256.
        var finding = bed.AssertSingle(bed.Analyze("traefik.yml"), "traefik.yml", "HRD000", 2, 12 + 4 * (YamlLoader.MaxDepth - 2) + 1);
        Assert.That(finding.Message, Does.Contain("nests deeper"));
    }

    [Test]
    public void Block_nesting_ten_thousand_deep_is_HRD000_where_it_passes_the_depth_limit()
    {
        // "- - - …": ten thousand nested block sequences, the first (level 1) at column 3, each one two columns further.
        var text = "x-deep:\n  " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "leaf\nservices:\n  app:\n    image: nginx:1.25.3\n";
        using var bed = HostileBed.InMemory().Write("compose.yml", text);
        var finding = bed.AssertSingle(bed.Analyze("compose.yml"), "compose.yml", "HRD000", 2, 3 + 2 * (YamlLoader.MaxDepth - 1) + 2);
        Assert.That(finding.Message, Does.Contain("nests deeper"));
    }

    [Test]
    public void Deeply_nested_TOML_arrays_and_inline_tables_are_HRD000()
    {
        using var bed = HostileBed.InMemory()
            .Write("traefik.toml", "[entryPoints]\n  deep = " + new string('[', 10_000) + new string(']', 10_000) + "\n")
            .Write("traefik-dynamic.toml", "x = " + string.Concat(Enumerable.Repeat("{a = ", 10_000)) + "1" + new string('}', 10_000) + "\n");
        var result = bed.Analyze("traefik.toml", "traefik-dynamic.toml");
        var arrays = result.Findings.Single(f => f.Location.FilePath == bed.P("traefik.toml"));
        var tables = result.Findings.Single(f => f.Location.FilePath == bed.P("traefik-dynamic.toml"));
        Assert.That((arrays.RuleId, arrays.Location.Line), Is.EqualTo(("HRD000", 2)), HostileBed.Describe(result));
        Assert.That((tables.RuleId, tables.Location.Line), Is.EqualTo(("HRD000", 1)), HostileBed.Describe(result));
        Assert.That(arrays.Message, Does.Contain("Invalid TOML").And.Contain("deep"));
        Assert.That(tables.Message, Does.Contain("Invalid TOML").And.Contain("deep"));
        bed.AssertOrdinaryFileChecked(result);
    }

    [Test]
    public void A_Dockerfile_exec_form_nested_ten_thousand_deep_does_not_crash()
    {
        var text = "FROM alpine:3.19\nCMD " + new string('[', 10_000) + "\"x\"" + new string(']', 10_000) + "\nFROM nginx:latest\n";
        using var bed = HostileBed.InMemory().Write("Dockerfile", text);
        var result = bed.Analyze("Dockerfile");
        Assert.That(result.Findings.Where(f => f.RuleId == "HRD000"), Is.Empty, HostileBed.Describe(result));
        bed.AssertSingle(result, "Dockerfile", "HRD001", 3, 6);
    }

    [Test]
    public void A_RUN_with_twenty_thousand_continuation_lines_is_checked_in_linear_time()
    {
        // Found by the fuzzer's slowest case: every word's position was looked up by a linear scan over the instruction's
        // physical lines, so this took about a minute; with a binary search it takes milliseconds.
        var text = "FROM alpine:3.19\nRUN apk add \\\n" + string.Concat(Enumerable.Repeat("    curl \\\n", 20_000)) + "    git && curl https://x | sh\nFROM nginx:latest\n";
        using var bed = HostileBed.InMemory().Write("Dockerfile", text);
        var watch = Stopwatch.StartNew();
        var result = bed.Analyze("Dockerfile");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "linear in the number of lines");
        bed.AssertSingle(result, "Dockerfile", "HRD064", 20_003, 12); // at the curl that is piped
        bed.AssertSingle(result, "Dockerfile", "HRD001", 20_004, 6);
    }

    [Test]
    public void A_RUN_with_five_thousand_installs_is_checked_in_linear_time()
    {
        // Found by the fuzzer's slowest case (10.6 s): HRD063 scanned every command of the RUN for each apt-get install.
        var text = "FROM debian:12.5\nRUN apt-get update \\\n" + string.Concat(Enumerable.Repeat("    && apt-get install -y --no-install-recommends curl \\\n", 5_000))
            + "    && apk add git \\\n    && rm -rf /var/lib/apt/lists/*\nUSER 10001\n";
        using var bed = HostileBed.InMemory().Write("Dockerfile", text);
        var watch = Stopwatch.StartNew();
        var result = bed.Analyze("Dockerfile");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "linear in the number of commands");
        var finding = bed.AssertSingle(result, "Dockerfile", "HRD063", 5_003, 8);
        Assert.That(finding.Message, Does.Contain("apk add"), "the installs are clean (the lists are removed once at the end); only the apk add is not");
    }

    [Test]
    public void ONBUILD_repeated_a_hundred_thousand_times_is_HRD000_not_a_stack_overflow()
    {
        // Found by the fuzzer ("ONBUILD ONBUILD " repeated): the parser recursed once per ONBUILD and crashed the process.
        var text = "FROM alpine:3.19\n" + string.Concat(Enumerable.Repeat("ONBUILD ", 100_000)) + "RUN true\n";
        using var bed = HostileBed.InMemory().Write("Dockerfile", text);
        var finding = bed.AssertSingle(bed.Analyze("Dockerfile"), "Dockerfile", "HRD000", 2, 9);
        Assert.That(finding.Message, Is.EqualTo("ONBUILD ONBUILD is not allowed."));
    }

    [TestCase("compose.yml", "services:\n  web:\n    image: \"nginx:", "${A:-", "", "}\"\n", 20_000)]
    [TestCase("compose.yml", "services:\n  web:\n    image: \"nginx:", "${A:-", "}", "\"\n", 20_000)]
    [TestCase("compose.yml", "services:\n  web:\n    image: nginx:1.25.3\n    command: \"", "$(", ")", "\"\n", 50_000)]
    [TestCase("Dockerfile", "FROM alpine:3.19\nRUN echo ", "$(", "", "\n", 50_000)]
    [TestCase("Dockerfile", "FROM alpine:3.19\nRUN echo ", "$(", ")", "\n", 50_000)]
    [TestCase("Dockerfile", "FROM alpine:3.19\nRUN echo ", "`", "", "\n", 50_000)]
    [TestCase("Dockerfile", "FROM alpine:3.19\nRUN echo ", "\"$(", ")\"", "\n", 50_000)]
    [TestCase("Dockerfile", "ARG A=", "${A:-", "", "\nFROM alpine:${A}\n", 20_000)]
    [TestCase("Dockerfile", "ARG A=x\nFROM alpine:", "${A:-", "}", "\n", 20_000)]
    [TestCase(".env", "A=", "${A:-", "", "\n", 20_000)]
    [TestCase(".env", "A=", "${A:-", "}", "\n", 20_000)]
    public void Deeply_nested_expansions_and_substitutions_do_not_overflow_the_stack(string file, string before, string opener, string closer, string after, int depth)
    {
        // Found by looking for recursion after the ONBUILD overflow: ${A:-${A:-…}} in a Dockerfile recursed once per level.
        var text = before + string.Concat(Enumerable.Repeat(opener, depth)) + "x" + string.Concat(Enumerable.Repeat(closer, depth)) + after;
        using var bed = HostileBed.InMemory().Write(file, text);
        if (file == ".env") bed.Write("compose.yml", "services:\n  web:\n    image: nginx:latest\n");
        var watch = Stopwatch.StartNew();
        var result = bed.Analyze(file == ".env" ? "compose.yml" : file);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        bed.AssertOrdinaryFileChecked(result);
        Assert.That(result.Findings.Where(FuzzTests.IsCrash), Is.Empty, HostileBed.Describe(result));
    }

    // ------------------------------------------------------------------ size

    [Test]
    public void A_50_MB_compose_file_is_HRD000_at_1_1_without_being_read()
    {
        using var bed = HostileBed.OnDisk();
        using (var stream = new FileStream(bed.P("compose.yml"), FileMode.Create)) stream.SetLength(50L * 1024 * 1024); // sparse: nothing allocated
        File.CreateSymbolicLink(bed.P("docker-compose.link.yml"), bed.P("compose.yml"));
        var counting = new InstrumentedFileSystem(PhysicalFileSystem.Instance);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = bed.Analyze(new[] { "compose.yml", "docker-compose.link.yml" }, counting);
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var finding = bed.AssertSingle(result, "compose.yml", "HRD000", 1, 1);
        Assert.That(result.Findings.Count(f => f.RuleId == "HRD000"), Is.EqualTo(2), HostileBed.Describe(result));
        Assert.That(finding.Message, Does.Contain("50 MB, over the 10 MB limit").And.Contain("HardeningMaxFileSize"));
        var link = result.Findings.Single(f => f.Location.FilePath == bed.P("docker-compose.link.yml"));
        Assert.That((link.RuleId, link.Location.Line, link.Location.Column, link.Message), Is.EqualTo(("HRD000", 1, 1, finding.Message)),
            "a symbolic link to the big file is measured by its target, not by the link");
        Assert.That(counting.Reads.Keys, Has.No.Member(bed.P("compose.yml")).And.No.Member(bed.P("docker-compose.link.yml")), "the big file is never read");
        Assert.That(allocated, Is.LessThan(20L * 1024 * 1024), "nothing near the file's size is allocated");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void The_size_limit_follows_AnalysisRequest_MaxFileBytes()
    {
        using var bed = HostileBed.InMemory().Write("Dockerfile", "FROM alpine:3.19\n" + new string('#', 3000) + "\n");
        var result = Engine.Analyze(new AnalysisRequest
        {
            ProjectDirectory = bed.Root,
            FileSystem = bed.FileSystem,
            MaxFileBytes = 2048,
            Files = new[] { new InputFile(bed.P("Dockerfile"), InputKind.Dockerfile), new InputFile(bed.P(HostileBed.OrdinaryName), InputKind.Compose) },
        });
        var finding = bed.AssertSingle(result, "Dockerfile", "HRD000", 1, 1);
        Assert.That(finding.Message, Does.Contain("over the"));
    }

    // ------------------------------------------------------------------ encodings and line ends

    [Test]
    public void A_binary_file_named_Dockerfile_is_HRD000_at_its_first_NUL_byte()
    {
        // An ELF header: 0x7F 'E' 'L' 'F' 2 1 1 then NUL at byte 8.
        using var bed = HostileBed.InMemory().Write("Dockerfile", new byte[] { 0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0xFF, 0xFE, 0x0A, 0x90 });
        var finding = bed.AssertSingle(bed.Analyze("Dockerfile"), "Dockerfile", "HRD000", 1, 8);
        Assert.That(finding.Message, Does.Contain("NUL bytes").And.Contain("binary"));
    }

    [Test]
    public void Invalid_UTF8_is_HRD000_at_the_bad_byte()
    {
        // "image: caf" then 0xC3 0x28: a lead byte without its continuation.
        var bytes = Utf8("services:\n  web:\n    image: caf").Concat(new byte[] { 0xC3, 0x28 }).Concat(Utf8("\n")).ToArray();
        using var bed = HostileBed.InMemory().Write("compose.yml", bytes);
        var finding = bed.AssertSingle(bed.Analyze("compose.yml"), "compose.yml", "HRD000", 3, 15);
        Assert.That(finding.Message, Does.Contain("not valid UTF-8"));
    }

    [Test]
    public void NUL_bytes_inside_a_compose_file_are_HRD000_at_the_NUL()
    {
        using var bed = HostileBed.InMemory().Write("compose.yml", "services:\n  web:\n    image: re\0dis:1.2.3\n");
        var finding = bed.AssertSingle(bed.Analyze("compose.yml"), "compose.yml", "HRD000", 3, 14);
        Assert.That(finding.Message, Does.Contain("NUL bytes"));
    }

    [TestCase("utf-16le")]
    [TestCase("utf-16be")]
    [TestCase("utf-8")]
    public void A_file_with_a_byte_order_mark_loads_and_reports_normally(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        const string compose = "services:\r\n  cache:\r\n    image: redis:1.2.3\r\n  db:\r\n    image: postgres:latest\r\n";
        const string dockerfile = "FROM alpine:3.19 AS build\r\nRUN echo hi\r\nFROM nginx:latest\r\n";
        using var bed = HostileBed.InMemory()
            .Write("compose.yml", encoding.GetPreamble().Concat(encoding.GetBytes(compose)).ToArray())
            .Write("Dockerfile", encoding.GetPreamble().Concat(encoding.GetBytes(dockerfile)).ToArray());
        var result = bed.Analyze("compose.yml", "Dockerfile");
        Assert.That(result.Findings.Where(f => f.RuleId == "HRD000"), Is.Empty, HostileBed.Describe(result));
        bed.AssertSingle(result, "compose.yml", "HRD001", 5, 12);
        bed.AssertSingle(result, "Dockerfile", "HRD001", 3, 6);
    }

    [TestCase("\r\n")]
    [TestCase("\r")]
    [TestCase("mixed")]
    public void CRLF_CR_and_mixed_line_ends_put_findings_on_the_right_lines(string lineEnd)
    {
        string Join(params string[] lines) =>
            lineEnd == "mixed"
                ? string.Concat(lines.Select((l, i) => l + new[] { "\r\n", "\n", "\r" }[i % 3]))
                : string.Concat(lines.Select(l => l + lineEnd));
        var compose = Join("services:", "  cache:", "    image: redis:1.2.3", "", "  db:", "    image: postgres:latest  # hardening-ignore HRD001 the registry pins it", "  web:", "    image: nginx:latest");
        var dockerfile = Join("FROM alpine:3.19 AS build", "RUN apk add --no-cache \\", "      curl \\", "      git", "", "FROM nginx:latest", "COPY --from=build /x /y");
        using var bed = HostileBed.InMemory().Write("compose.yml", compose).Write("Dockerfile", dockerfile);
        var result = bed.Analyze("compose.yml", "Dockerfile");
        Assert.That(result.Findings.Where(f => f.RuleId is "HRD000" or "HRD090" or "HRD091"), Is.Empty, HostileBed.Describe(result));
        var hrd001 = result.Findings.Where(f => f.RuleId == "HRD001").Select(f => (Path.GetFileName(f.Location.FilePath), f.Location.Line, f.Location.Column)).ToList();
        Assert.That(hrd001, Is.EquivalentTo(new[]
        {
            ("compose.yml", 8, 12), ("Dockerfile", 6, 6), (HostileBed.OrdinaryName, 3, 12),
        }), HostileBed.Describe(result));
    }

    [Test]
    public void A_tab_in_YAML_indentation_is_HRD000_at_the_tab()
    {
        using var bed = HostileBed.InMemory()
            .Write("compose.yml", "services:\n  web:\n    image: nginx:1.25.3\n  db:\n\timage: postgres:16.2\n")
            .Write("traefik.yml", "entryPoints:\n  web:\n    address: \":80\"\n  \t  http: {}\n");
        var result = bed.Analyze("compose.yml", "traefik.yml");
        var compose = result.Findings.Single(f => f.Location.FilePath == bed.P("compose.yml"));
        var traefik = result.Findings.Single(f => f.Location.FilePath == bed.P("traefik.yml"));
        Assert.That((compose.RuleId, compose.Location.Line, compose.Location.Column), Is.EqualTo(("HRD000", 5, 1)), HostileBed.Describe(result));
        Assert.That((traefik.RuleId, traefik.Location.Line, traefik.Location.Column), Is.EqualTo(("HRD000", 4, 3)), HostileBed.Describe(result));
        Assert.That(compose.Message, Does.Contain("tab is used for indentation on line 5").And.Contain("spaces"));
        bed.AssertOrdinaryFileChecked(result);
    }

    [Test]
    public void A_tab_inside_a_block_scalar_or_a_value_is_not_an_error()
    {
        using var bed = HostileBed.InMemory().Write("compose.yml", "services:\n  web:\n    image: nginx:latest\n    command: |\n      run\t--fast\n    environment:\n      A: \"x\ty\"\n");
        var result = bed.Analyze("compose.yml");
        Assert.That(result.Findings.Where(f => f.RuleId == "HRD000"), Is.Empty, HostileBed.Describe(result));
        bed.AssertSingle(result, "compose.yml", "HRD001", 3, 12);
    }

    // ------------------------------------------------------------------ the disk

    [Test]
    public void A_symbolic_link_loop_is_HRD000_could_not_be_read()
    {
        using var bed = HostileBed.OnDisk();
        File.CreateSymbolicLink(bed.P("loop-a"), bed.P("loop-b"));
        File.CreateSymbolicLink(bed.P("loop-b"), bed.P("loop-a"));
        File.CreateSymbolicLink(bed.P("compose.yml"), bed.P("loop-a"));
        var finding = bed.AssertSingle(bed.Analyze("compose.yml"), "compose.yml", "HRD000", 1, 1);
        Assert.That(finding.Message, Does.StartWith("The file could not be read").And.Contain("symbolic link that cannot be followed"));
    }

    [Test]
    public void A_dangling_symbolic_link_is_HRD000_could_not_be_read()
    {
        using var bed = HostileBed.OnDisk();
        File.CreateSymbolicLink(bed.P("Dockerfile"), bed.P("gone/Dockerfile"));
        var finding = bed.AssertSingle(bed.Analyze("Dockerfile"), "Dockerfile", "HRD000", 1, 1);
        Assert.That(finding.Message, Does.StartWith("The file could not be read").And.Contain("symbolic link whose target does not exist"));
    }

    [Test]
    public void A_file_deleted_between_discovery_and_reading_is_HRD000()
    {
        using var bed = HostileBed.OnDisk().Write("Dockerfile", "FROM nginx:latest\n").Write("compose.yml", "services: {}\n").Write("traefik.yml", "api: {}\n");
        File.Delete(bed.P("Dockerfile"));
        File.Delete(bed.P("compose.yml"));
        File.Delete(bed.P("traefik.yml"));
        var result = bed.Analyze("Dockerfile", "compose.yml", "traefik.yml");
        foreach (var name in new[] { "Dockerfile", "compose.yml", "traefik.yml" })
        {
            var finding = result.Findings.Single(f => f.Location.FilePath == bed.P(name));
            Assert.That((finding.RuleId, finding.Location.Line, finding.Location.Column), Is.EqualTo(("HRD000", 1, 1)), HostileBed.Describe(result));
            Assert.That(finding.Message, Does.Contain("could not be read: it does not exist"));
        }
        bed.AssertOrdinaryFileChecked(result);
    }

    [Test]
    public void A_directory_where_a_file_was_expected_is_HRD000()
    {
        using var bed = HostileBed.OnDisk();
        Directory.CreateDirectory(bed.P("Dockerfile"));
        var finding = bed.AssertSingle(bed.Analyze("Dockerfile"), "Dockerfile", "HRD000", 1, 1);
        Assert.That(finding.Message, Does.StartWith("The file could not be read"));
    }

    [Test]
    public void An_unreadable_file_is_HRD000_could_not_be_read()
    {
        using var bed = HostileBed.OnDisk().Write("compose.yml", "services:\n  web:\n    image: nginx:latest\n");
        var path = bed.P("compose.yml");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.None);
        IFileSystem fileSystem = PhysicalFileSystem.Instance;
        if (CanRead(path))
        {
            // Running as root (or on Windows), chmod 000 does not stop reading: make the read fail as it does for everyone else.
            fileSystem = new InstrumentedFileSystem(PhysicalFileSystem.Instance).Fail(path, () => new UnauthorizedAccessException($"Access to the path '{path}' is denied."));
        }
        var finding = bed.AssertSingle(bed.Analyze(new[] { "compose.yml" }, fileSystem), "compose.yml", "HRD000", 1, 1);
        Assert.That(finding.Message, Does.StartWith("The file could not be read").And.Contain("denied"));
    }

    [Test]
    public void A_file_system_that_throws_IOException_on_read_gives_HRD000()
    {
        using var bed = HostileBed.InMemory().Write("Dockerfile", "FROM nginx:latest\n").Write("traefik.toml", "[api]\n");
        var fileSystem = new InstrumentedFileSystem(bed.FileSystem)
            .Fail(bed.P("Dockerfile"), () => new IOException("The process cannot access the file because it is being used by another process."))
            .Fail(bed.P("traefik.toml"), () => new IOException("Input/output error"));
        var result = bed.Analyze(new[] { "Dockerfile", "traefik.toml" }, fileSystem);
        Assert.That(result.Findings.Single(f => f.Location.FilePath == bed.P("Dockerfile")).Message, Does.Contain("could not be read: The process cannot access"));
        Assert.That(result.Findings.Single(f => f.Location.FilePath == bed.P("traefik.toml")).Message, Does.Contain("could not be read: Input/output error"));
        bed.AssertOrdinaryFileChecked(result);
    }

    private static bool CanRead(string path)
    {
        try
        {
            File.ReadAllBytes(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    // ------------------------------------------------------------------ compose structure

    [Test]
    public void An_extends_cycle_is_HRD090_at_the_extends_and_the_service_is_still_checked()
    {
        const string text = "services:\n  a:\n    image: redis:latest\n    extends: b\n  b:\n    extends: a\n    read_only: true\n";
        using var bed = HostileBed.InMemory().Write("compose.yml", text);
        var result = bed.Analyze("compose.yml");
        var finding = bed.AssertSingle(result, "compose.yml", "HRD090", 4, 5);
        Assert.That(finding.Message, Does.Contain("extends itself").And.Contain("cycle"));
        bed.AssertSingle(result, "compose.yml", "HRD001", 3, 12);
    }

    [Test]
    public void An_include_cycle_is_HRD090_at_the_include_that_closes_it()
    {
        using var bed = HostileBed.InMemory()
            .Write("compose.yml", "include:\n  - parts/other.yml\nservices:\n  web:\n    image: redis:latest\n")
            .Write("parts/other.yml", "include:\n  - ../compose.yml\nservices:\n  worker:\n    image: busybox:1.36.1\n");
        var result = bed.Analyze("compose.yml");
        var finding = bed.AssertSingle(result, "parts/other.yml", "HRD090", 2, 5);
        Assert.That(finding.Message, Does.Contain("Include cycle: compose.yml → other.yml → compose.yml"));
        bed.AssertSingle(result, "compose.yml", "HRD001", 5, 12);
    }

    [Test]
    public void An_overlay_that_does_not_exist_is_HRD090_and_the_project_is_checked_without_it()
    {
        using var bed = HostileBed.InMemory().Write("compose.yml", "services:\n  web:\n    image: redis:latest\n");
        var result = bed.Analyze(new[] { "compose.yml" }, projects: new[] { new ComposeProjectSpec(bed.P("compose.yml"), new[] { bed.P("compose.prod.yml") }) });
        var finding = bed.AssertSingle(result, "compose.yml", "HRD090", 1, 1);
        Assert.That(finding.Message, Does.Contain("compose.prod.yml").And.Contain("does not exist"));
        bed.AssertSingle(result, "compose.yml", "HRD001", 3, 12);
    }

    [Test]
    public void A_compose_file_that_is_not_a_mapping_is_HRD000()
    {
        using var bed = HostileBed.InMemory().Write("compose.yml", "# a list, not a project\n- web\n- db\n");
        var finding = bed.AssertSingle(bed.Analyze("compose.yml"), "compose.yml", "HRD000", 2, 1);
        Assert.That(finding.Message, Does.Contain("must be a mapping"));
    }

    // ------------------------------------------------------------------ .editorconfig

    [Test]
    public void A_binary_editorconfig_is_HRD090_and_ignored()
    {
        using var bed = HostileBed.InMemory().Write(".editorconfig", new byte[] { (byte)'[', 0, (byte)']', 10, 0xFF, 0xFE });
        var result = bed.Analyze();
        var finding = bed.AssertSingle(result, ".editorconfig", "HRD090", 1, 2);
        Assert.That(finding.Message, Does.Contain("ignored").And.Contain("NUL bytes"));
    }

    [TestCase("[" + "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a" + "b]")]
    [TestCase("[{*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*}{*,*,*,*,*,*,*,*,*,*}b]")]
    [TestCase("[{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{]")]
    [TestCase("[[[[[[[[[[[z-a]]]]]")]
    [TestCase("[{0..99999999999999999999999}]")]
    public void A_pathological_editorconfig_section_is_matched_quickly_or_ignored(string section)
    {
        using var bed = HostileBed.InMemory()
            .Write(".editorconfig", section + "\ndotnet_diagnostic.HRD001.severity = none\n")
            .Write("a/b/c/d/e/f/g/compose.yml", "services:\n  web:\n    image: redis:latest\n");
        var watch = Stopwatch.StartNew();
        var result = bed.Analyze("a/b/c/d/e/f/g/compose.yml");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "no catastrophic backtracking");
        bed.AssertSingle(result, "a/b/c/d/e/f/g/compose.yml", "HRD001", 3, 12);
    }

    // ------------------------------------------------------------------ Dockerfile, Traefik, .env

    [Test]
    public void An_unterminated_Dockerfile_heredoc_is_HRD000_at_the_heredoc()
    {
        using var bed = HostileBed.InMemory().Write("Dockerfile", "FROM alpine:3.19\nRUN <<EOF\n  apk add curl\n  echo done\n");
        var finding = bed.AssertSingle(bed.Analyze("Dockerfile"), "Dockerfile", "HRD000", 2, 5);
        Assert.That(finding.Message, Does.Contain("Unterminated heredoc").And.Contain("'EOF'"));
    }

    [Test]
    public void A_malformed_TOML_Traefik_file_is_HRD000_where_the_syntax_breaks()
    {
        using var bed = HostileBed.InMemory().Write("traefik.toml", "[entryPoints]\n  [entryPoints.web\n  address = \":80\"\n");
        var finding = bed.AssertSingle(bed.Analyze("traefik.toml"), "traefik.toml", "HRD000", 2, 19);
        Assert.That(finding.Message, Does.Contain("Invalid TOML").And.Contain("']'"));
    }

    [TestCase("this line is garbage", "contains a space")]
    [TestCase("=value without a name", "no variable name")]
    [TestCase("KEY!=1", "unexpected character '!'")]
    [TestCase("QUOTED=\"never closed\nMORE=1", "")]
    public void An_env_file_with_a_garbage_line_is_HRD000_at_that_line_and_the_variables_before_it_still_apply(string garbage, string says)
    {
        using var bed = HostileBed.InMemory()
            .Write(".env", "# settings\nIMAGE=redis:latest\n" + garbage + "\nAFTER=1\n")
            .Write("compose.yml", "services:\n  web:\n    image: ${IMAGE}\n");
        var result = bed.Analyze("compose.yml");
        var finding = bed.AssertSingle(result, ".env", "HRD000", 3, 1);
        Assert.That(finding.Message, Does.StartWith(".env: ").And.Contain(says));
        bed.AssertSingle(result, "compose.yml", "HRD001", 3, 12);
    }

    // ------------------------------------------------------------------ Variable expansion bombs

    /// <summary>The 1-based index of the doubling line (<c>V{i}=${V{i-1}}${V{i-1}}</c>, V0 of <paramref name="seed"/> characters)
    /// whose substitution the budget refuses: line i copies V{i-1} twice, 2·seed·2^(i-1) characters.</summary>
    private static int FirstRefusedDoubling(int seed)
    {
        long spent = 0;
        for (var i = 1; ; i++)
        {
            var copy = (long)seed << (i - 1);
            if (spent + copy > ExpansionBudget.DefaultCharacters) return i;
            spent += copy;
            if (spent + copy > ExpansionBudget.DefaultCharacters) return i;
            spent += copy;
        }
    }

    [Test]
    public void An_env_file_whose_variables_double_at_each_line_is_HRD000_at_the_line_past_the_budget()
    {
        // Forty doublings of eight characters ask for 8 TiB: it used to end the process with an OutOfMemoryException after
        // filling 6 GB. The budget refuses the line that takes the file past it; the variables above it still apply.
        var env = "IMAGE=redis:latest\nX0=abcdefgh\n" + string.Join("\n", Enumerable.Range(1, 39).Select(i => $"X{i}=${{X{i - 1}}}${{X{i - 1}}}")) + "\n";
        using var bed = HostileBed.InMemory()
            .Write(".env", env)
            .Write("compose.yml", "services:\n  web:\n    image: ${IMAGE}\n  app:\n    image: nginx:${X39}\n");
        var watch = Stopwatch.StartNew();
        var result = bed.Analyze("compose.yml");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));

        var refused = FirstRefusedDoubling(8);
        var finding = bed.AssertSingle(result, ".env", "HRD000", 2 + refused, 1);
        Assert.That(finding.Message, Does.StartWith($".env: Substituting 'X{refused - 1}' here").And.Contain($"past {ExpansionBudget.DefaultCharacters:N0} characters").And.Contain("expansion bomb"));
        bed.AssertSingle(result, "compose.yml", "HRD001", 3, 12);
        // X39 was never defined (the .env stops at the refused line): its tag is unknown, not a 8 TiB string.
        var unknown = bed.AssertSingle(result, "compose.yml", "HRD005", 5, 12);
        Assert.That(unknown.Message, Does.Contain("'X39'"));
    }

    [Test]
    public void A_compose_file_copying_a_large_value_many_times_is_HRD000_at_the_reference_past_the_budget()
    {
        // X17 is 1 MiB characters, well within the .env's own budget; the compose file refers to it in twelve services, and its
        // budget holds eight copies: the ninth reference is refused, at its '$'.
        var env = "X0=abcdefgh\n" + string.Join("\n", Enumerable.Range(1, 17).Select(i => $"X{i}=${{X{i - 1}}}${{X{i - 1}}}")) + "\n";
        var compose = "services:\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"  s{i}:\n    image: nginx:1.25.3\n    environment:\n      BIG: \"${{X17}}\"\n"));
        using var bed = HostileBed.InMemory().Write(".env", env).Write("compose.yml", compose);
        var result = bed.Analyze("compose.yml");

        Assert.That(ExpansionBudget.DefaultCharacters / (8 << 17), Is.EqualTo(8), "the budget holds eight copies of X17");
        var (line, column) = HostileBed.Position(compose, "${X17}", 9);
        var finding = bed.AssertSingle(result, "compose.yml", "HRD000", line, column);
        Assert.That(finding.Message, Does.Contain("Substituting 'X17' here").And.Contain("huge value copied many times"));
        Assert.That(result.Findings.Where(f => f.Location.FilePath == bed.P(".env")), Is.Empty, HostileBed.Describe(result));
    }

    [Test]
    public void Dockerfile_ARGs_that_double_at_each_line_are_HRD000_at_the_ARG_past_the_budget_and_the_file_is_still_checked()
    {
        var lines = new List<string> { "ARG X0=abcdefgh" };
        lines.AddRange(Enumerable.Range(1, 39).Select(i => $"ARG X{i}=${{X{i - 1}}}${{X{i - 1}}}"));
        lines.Add("FROM alpine:${X39} AS base");
        lines.Add("FROM nginx:latest");
        var text = string.Join("\n", lines) + "\n";
        using var bed = HostileBed.InMemory().Write("Dockerfile", text);
        var watch = Stopwatch.StartNew();
        var result = bed.Analyze("Dockerfile");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));

        var refused = FirstRefusedDoubling(8);
        // "ARG X20=" is eight characters: the value starts at column 9.
        var finding = bed.AssertSingle(result, "Dockerfile", "HRD000", 1 + refused, 9);
        Assert.That(finding.Message, Does.StartWith($"Substituting 'X{refused - 1}' here").And.Contain("count as unknown"));
        // The rest of the file is still checked: the final stage's mutable tag is reported at its line.
        Assert.That(result.Findings.Count(f => f.RuleId == "HRD001" && f.Location.FilePath == bed.P("Dockerfile") && (f.Location.Line, f.Location.Column) == (42, 6)),
            Is.EqualTo(1), HostileBed.Describe(result));
    }

    [Test]
    public void Dockerfile_ENVs_that_copy_a_large_value_many_times_are_HRD000_at_the_ENV_past_the_budget()
    {
        // The stage's ENV values are computed when a rule first expands in the stage (here the one reading the final USER): the
        // refusal happens during the rules, and is still reported once, at the ENV whose value was refused.
        var lines = new List<string> { "FROM alpine:3.19", "ENV X0=abcdefgh" };
        lines.AddRange(Enumerable.Range(1, 17).Select(i => $"ENV X{i}=${{X{i - 1}}}${{X{i - 1}}}"));
        lines.AddRange(Enumerable.Range(1, 2_000).Select(i => $"ENV COPY{i}=$X17"));
        lines.Add("USER $X0");
        var text = string.Join("\n", lines) + "\n";
        using var bed = HostileBed.InMemory().Write("Dockerfile", text);
        var watch = Stopwatch.StartNew();
        var result = bed.Analyze("Dockerfile");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "2,000 copies of 1 MiB would be 4 GB");

        // X1…X17 spend 2·8·(2^17 − 1) characters; the copies of X17 (2^20 each) fit until the budget runs out.
        long spent = 2L * 8 * ((1 << 17) - 1);
        var copies = (int)((ExpansionBudget.DefaultCharacters - spent) / (8 << 17));
        var (line, column) = HostileBed.Position(text, "$X17", copies + 1);
        var finding = bed.AssertSingle(result, "Dockerfile", "HRD000", line, column);
        Assert.That(finding.Message, Does.StartWith("Substituting 'X17' here"));
    }
}

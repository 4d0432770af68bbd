using HardeningTasks.Core.Model;
using HardeningTasks.Core.Model.Yaml;
using HardeningTasks.Core.Parsing.Compose;
using HardeningTasks.Core.Parsing.Yaml;

namespace HardeningTasks.Core.Tests.Compose;

public class ComposeMergeKeysTests
{
    private static YScalar S(string value) => new(value, true, SourceLocation.FileStart("/f"));

    private static YNode Y(string yaml) => YamlLoader.Load("/f", yaml).Root!;

    [TestCase("./data:/var/lib/db:ro", "/var/lib/db")]
    [TestCase("db-data:/var/lib/postgresql/data", "/var/lib/postgresql/data")]
    [TestCase("/cache", "/cache")]
    [TestCase("C:\\data:/data", "/data")]
    [TestCase("c:/data:/data:rw", "/data")]
    [TestCase("/var/run/docker.sock:/var/run/docker.sock", "/var/run/docker.sock")]
    public void Volume_target(string spec, string target) => Assert.That(ComposeMergeKeys.VolumeTarget(S(spec)), Is.EqualTo(target));

    [Test]
    public void Long_volume_target() => Assert.That(ComposeMergeKeys.VolumeTarget(Y("type: bind\nsource: ./a\ntarget: /b\n")), Is.EqualTo("/b"));

    [TestCase("80", "0.0.0.0::80/tcp")]
    [TestCase("8080:80", "0.0.0.0:8080:80/tcp")]
    [TestCase("127.0.0.1:8080:80", "127.0.0.1:8080:80/tcp")]
    [TestCase("[::1]:8080:80/udp", "::1:8080:80/udp")]
    [TestCase("8000-8010:8000-8010", "0.0.0.0:8000-8010:8000-8010/tcp")]
    public void Port_key_short(string spec, string key) => Assert.That(ComposeMergeKeys.PortKey(S(spec)), Is.EqualTo(key));

    [Test]
    public void Port_key_long_matches_short()
    {
        Assert.That(ComposeMergeKeys.PortKey(Y("target: 80\npublished: 8080\n")), Is.EqualTo(ComposeMergeKeys.PortKey(S("8080:80"))));
        Assert.That(ComposeMergeKeys.PortKey(Y("target: 80\npublished: 8080\nhost_ip: 127.0.0.1\nprotocol: udp\n")), Is.EqualTo("127.0.0.1:8080:80/udp"));
    }

    [Test]
    public void Mount_targets()
    {
        Assert.That(ComposeMergeKeys.MountTarget(S("db_password"), "/run/secrets"), Is.EqualTo("/run/secrets/db_password"));
        Assert.That(ComposeMergeKeys.MountTarget(Y("source: db_password\n"), "/run/secrets"), Is.EqualTo("/run/secrets/db_password"));
        Assert.That(ComposeMergeKeys.MountTarget(Y("source: x\ntarget: pw\n"), "/run/secrets"), Is.EqualTo("/run/secrets/pw"));
        Assert.That(ComposeMergeKeys.MountTarget(Y("source: x\ntarget: /etc/app.conf\n"), ""), Is.EqualTo("/etc/app.conf"));
    }

    [TestCase("/dev/sda:/dev/xvda:rwm", "/dev/xvda")]
    [TestCase("/dev/fuse", "/dev/fuse")]
    public void Device_target(string spec, string target) => Assert.That(ComposeMergeKeys.DeviceTarget(S(spec)), Is.EqualTo(target));

    [TestCase("A=1", "A")]
    [TestCase("A", "A")]
    [TestCase("A==b", "A")]
    public void Key_value(string item, string key) => Assert.That(ComposeMergeKeys.KeyValue(S(item)), Is.EqualTo(key));

    [Test]
    public void Split_key_value_points_key_and_value_at_their_columns()
    {
        var item = (YScalar)YamlLoader.Load("/f", "- PASSWORD=secret\n- \"QUOTED=x y\"\n- BARE\n").Root!.At(0)!;
        var entry = ComposeMerger.SplitKeyValue(item);
        Assert.That((entry.Name, entry.Key.Location.Column, entry.Value.Text(), entry.Value.Location.Column), Is.EqualTo(("PASSWORD", 3, "secret", 12)));

        var quoted = ComposeMerger.SplitKeyValue((YScalar)YamlLoader.Load("/f", "- \"QUOTED=x y\"\n").Root!.At(0)!);
        Assert.That((quoted.Name, quoted.Key.Location.Column, quoted.Value.Text(), quoted.Value.Location.Column), Is.EqualTo(("QUOTED", 4, "x y", 11)));

        var bare = ComposeMerger.SplitKeyValue((YScalar)YamlLoader.Load("/f", "- BARE\n").Root!.At(0)!);
        Assert.That(((YScalar)bare.Value).IsNull, Is.True);
    }
}

using HardeningTasks.Core.Model.Compose;

namespace HardeningTasks.Core.Tests.Compose;

/// <summary>Short and long syntax are normalised by <see cref="ComposeService"/> before any rule sees them.</summary>
public class ComposeServiceTests
{
    private static ComposeService Service(string body)
    {
        var bed = new ComposeTestBed().File("compose.yaml", "services:\n  s:\n" + body);
        var project = bed.Load("compose.yaml");
        Assert.That(bed.Diagnostics, Is.Empty, string.Join("\n", bed.Diagnostics));
        return project!.Service("s")!;
    }

    [TestCase("\"80\"", null, null, "80", "tcp", true)]
    [TestCase("\"8080:80\"", null, "8080", "80", "tcp", true)]
    [TestCase("\"127.0.0.1:8080:80\"", "127.0.0.1", "8080", "80", "tcp", false)]
    [TestCase("\"0.0.0.0:5432:5432\"", "0.0.0.0", "5432", "5432", "tcp", true)]
    [TestCase("\"[::1]:80:80\"", "::1", "80", "80", "tcp", false)]
    [TestCase("\"[::]:80:80\"", "::", "80", "80", "tcp", true)]
    [TestCase("\"9090-9091:8080-8081\"", null, "9090-9091", "8080-8081", "tcp", true)]
    [TestCase("\"53:53/udp\"", null, "53", "53", "udp", true)]
    [TestCase("\"127.0.0.1::80\"", "127.0.0.1", null, "80", "tcp", false)]
    public void PortShortSyntax(string written, string? hostIp, string? published, string target, string protocol, bool allInterfaces)
    {
        var port = Service($"    ports:\n      - {written}\n").Ports.Single();
        Assert.Multiple(() =>
        {
            Assert.That(port.HostIp, Is.EqualTo(hostIp));
            Assert.That(port.Published, Is.EqualTo(published));
            Assert.That(port.Target, Is.EqualTo(target));
            Assert.That(port.Protocol, Is.EqualTo(protocol));
            Assert.That(port.IsOnAllInterfaces, Is.EqualTo(allInterfaces));
            Assert.That((port.Location.Line, port.Location.Column), Is.EqualTo((4, 9)));
        });
    }

    [Test]
    public void PortLongSyntax()
    {
        var ports = Service("    ports:\n      - target: 5432\n        published: \"5432\"\n        host_ip: 127.0.0.1\n      - target: 80\n        published: 8080\n        protocol: udp\n").Ports;
        Assert.Multiple(() =>
        {
            Assert.That(ports[0], Has.Property("HostIp").EqualTo("127.0.0.1").And.Property("Published").EqualTo("5432").And.Property("IsOnAllInterfaces").False);
            Assert.That(ports[1], Has.Property("HostIp").Null.And.Property("Protocol").EqualTo("udp").And.Property("IsOnAllInterfaces").True);
            Assert.That(ports[1].PublishesPort(8080) && ports[1].TargetsPort(80), Is.True);
        });
    }

    [TestCase("\"$INFLUX_PORT:8086\"", PortReach.AllInterfaces, "$INFLUX_PORT", "8086")]
    [TestCase("\"${HOST_PORT}:80/udp\"", PortReach.AllInterfaces, "${HOST_PORT}", "80")]
    [TestCase("\"${TALK_PORT}:${TALK_PORT}\"", PortReach.AllInterfaces, "${TALK_PORT}", "${TALK_PORT}")]
    [TestCase("\"${PORT}\"", PortReach.AllInterfaces, null, "${PORT}")]
    [TestCase("\"0.0.0.0:${PORT}:80\"", PortReach.AllInterfaces, "${PORT}", "80")]
    [TestCase("\"127.0.0.1:${PORT}:80\"", PortReach.OneAddress, "${PORT}", "80")]
    [TestCase("\"${REDIS_BIND}:6379:6379\"", PortReach.Unknown, "6379", "6379")]
    [TestCase("\"${DEV_BIND_ADDRESS}:5432\"", PortReach.Unknown, null, "5432")]
    [TestCase("\"${LISTEN_IP}:5432\"", PortReach.Unknown, null, "5432")]
    [TestCase("\"${MAPPING}\"", PortReach.Unknown, null, "${MAPPING}")]
    [TestCase("\"${SQL_PORT:-127.0.0.1:13306}:3306\"", PortReach.OneAddress, "13306", "3306")]
    public void PortWithUnsetVariables(string written, PortReach reach, string? published, string target)
    {
        var port = Service($"    ports:\n      - {written}\n").Ports.Single();
        Assert.That((port.Reach, port.PublishedDisplay, port.Target), Is.EqualTo((reach, published, target)));
    }

    [Test]
    public void PortLongSyntaxWithUnsetVariables()
    {
        var ports = Service("    ports:\n      - target: 5432\n        published: ${DB_PORT}\n      - target: 6379\n        published: \"6379\"\n        host_ip: ${BIND}\n").Ports;
        Assert.That(ports.Select(p => (p.Reach, p.PublishedDisplay)), Is.EqualTo(new[] { (PortReach.AllInterfaces, (string?)"${DB_PORT}"), (PortReach.Unknown, "6379") }));
    }

    [TestCase("    deploy:\n      replicas: 2\n", true)]
    [TestCase("    deploy:\n      placement:\n        constraints: [node.role == manager]\n", true)]
    [TestCase("    deploy:\n      resources:\n        limits:\n          memory: 512M\n", false)]
    public void SwarmStackPortsGoThroughTheIngressMesh(string deploy, bool swarm)
    {
        var port = Service("    ports:\n      - \"127.0.0.1:5432:5432\"\n" + deploy).Ports.Single();
        Assert.That((port.ThroughIngress, port.IsOnAllInterfaces), Is.EqualTo((swarm, swarm)));
    }

    [TestCase("./data:/data:ro", "bind", "./data", "/data", true)]
    [TestCase("/var/run/docker.sock:/var/run/docker.sock", "bind", "/var/run/docker.sock", "/var/run/docker.sock", false)]
    [TestCase("~/cfg:/cfg:z", "bind", "~/cfg", "/cfg", false)]
    [TestCase("pgdata:/var/lib/postgresql/data", "volume", "pgdata", "/var/lib/postgresql/data", false)]
    [TestCase("/cache", "volume", null, "/cache", false)]
    [TestCase("./certs:/certs:ro,z", "bind", "./certs", "/certs", true)]
    public void VolumeShortSyntax(string written, string type, string? source, string target, bool readOnly)
    {
        var volume = Service($"    volumes:\n      - {written}\n").Volumes.Single();
        Assert.That((volume.Type, volume.Source, volume.Target, volume.ReadOnly), Is.EqualTo((type, source, target, readOnly)));
    }

    [Test]
    public void VolumeLongSyntaxAndTmpfs()
    {
        var volumes = Service("    volumes:\n      - type: bind\n        source: ./traefik.yml\n        target: /etc/traefik/traefik.yml\n        read_only: true\n      - type: tmpfs\n        target: /tmp\n").Volumes;
        Assert.Multiple(() =>
        {
            Assert.That((volumes[0].Type, volumes[0].Source, volumes[0].Target, volumes[0].ReadOnly), Is.EqualTo(("bind", "./traefik.yml", "/etc/traefik/traefik.yml", true)));
            Assert.That((volumes[1].Type, volumes[1].Source, volumes[1].Target), Is.EqualTo(("tmpfs", (string?)null, "/tmp")));
        });
    }

    [Test]
    public void EnvironmentMapListAndBareKey()
    {
        var map = Service("    environment:\n      A: 1\n      B:\n      C: \"x=y\"\n").Environment;
        var list = Service("    environment:\n      - A=1\n      - B\n      - C=x=y\n").Environment;
        foreach (var env in new[] { map, list })
            Assert.That(env.Select(e => (e.Name, e.Value)), Is.EqualTo(new[] { ("A", "1"), ("B", (string?)null), ("C", "x=y") }));
        Assert.That(map[0].Location.Line, Is.EqualTo(4));
        Assert.That(list[2].Location.Line, Is.EqualTo(6));
    }

    [Test]
    public void LabelsMapAndList()
    {
        var map = Service("    labels:\n      traefik.enable: \"true\"\n").Labels;
        var list = Service("    labels:\n      - traefik.enable=true\n").Labels;
        Assert.That(map.Single().Value, Is.EqualTo("true"));
        Assert.That(list.Single().Value, Is.EqualTo("true"));
    }

    [Test]
    public void DependsOnListAndMap()
    {
        var list = Service("    depends_on:\n      - db\n").DependsOn.Single();
        var map = Service("    depends_on:\n      db:\n        condition: service_healthy\n      cache: {}\n").DependsOn;
        Assert.Multiple(() =>
        {
            Assert.That((list.Service, list.Condition, list.Location.Line), Is.EqualTo(("db", "service_started", 4)));
            Assert.That(map.Select(d => (d.Service, d.Condition)), Is.EqualTo(new[] { ("db", "service_healthy"), ("cache", "service_started") }));
        });
    }

    [TestCase("    healthcheck:\n      disable: true\n", true)]
    [TestCase("    healthcheck:\n      test: [\"NONE\"]\n", true)]
    [TestCase("    healthcheck:\n      test: NONE\n", true)]
    [TestCase("    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n", false)]
    public void HealthcheckDisabled(string body, bool disabled)
    {
        var service = Service(body);
        Assert.That(service.Healthcheck, Is.Not.Null);
        Assert.That(service.HealthcheckDisabled, Is.EqualTo(disabled));
    }

    [TestCase("    deploy:\n      resources:\n        limits:\n          memory: 512M\n          cpus: \"0.5\"\n", "512M", "0.5")]
    [TestCase("    mem_limit: 1g\n    cpus: 2\n", "1g", "2")]
    [TestCase("    image: x\n", null, null)]
    public void ResourceLimits(string body, string? memory, string? cpus)
    {
        var service = Service(body);
        Assert.That((service.MemoryLimit?.Value, service.CpuLimit?.Value), Is.EqualTo((memory, cpus)));
    }

    [Test]
    public void SecretsShortAndLong()
    {
        var secrets = Service("    secrets:\n      - db_password\n      - source: api_key\n        target: key\n").Secrets;
        Assert.That(secrets.Select(s => s.Value), Is.EqualTo(new[] { "db_password", "api_key" }));
    }

    [Test]
    public void NetworksDefaultListMapAndNetworkMode()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Service("    image: x\n").Networks, Is.EqualTo(new[] { "default" }));
            Assert.That(Service("    networks: [front, back]\n").Networks, Is.EqualTo(new[] { "front", "back" }));
            Assert.That(Service("    networks:\n      back:\n        aliases: [db]\n").Networks, Is.EqualTo(new[] { "back" }));
            Assert.That(Service("    network_mode: host\n").Networks, Is.Empty);
        });
    }

    [Test]
    public void CommandStringAndList()
    {
        Assert.That(Service("    command: npm start\n").Command.Select(c => c.Value), Is.EqualTo(new[] { "npm start" }));
        Assert.That(Service("    command: [\"npm\", \"start\"]\n").Command.Select(c => c.Value), Is.EqualTo(new[] { "npm", "start" }));
    }

    [Test]
    public void RestartPolicyFromRestartOrDeploy()
    {
        Assert.That(Service("    restart: unless-stopped\n").RestartPolicy?.Value, Is.EqualTo("unless-stopped"));
        Assert.That(Service("    deploy:\n      restart_policy:\n        condition: on-failure\n").RestartPolicy?.Value, Is.EqualTo("on-failure"));
        Assert.That(Service("    image: x\n").RestartPolicy, Is.Null);
    }

    [Test]
    public void BuildShortAndLongForms()
    {
        var bed = new ComposeTestBed().File("app/compose.yaml", "services:\n  a:\n    build: ./web\n  b:\n    build:\n      context: ../api\n      dockerfile: docker/Dockerfile.prod\n      target: runtime\n");
        var project = bed.Load("app/compose.yaml")!;
        Assert.Multiple(() =>
        {
            Assert.That(project.Service("a")!.Build!.DockerfilePath, Is.EqualTo(Path.GetFullPath("/repo/app/web/Dockerfile")));
            Assert.That(project.Service("b")!.Build!.DockerfilePath, Is.EqualTo(Path.GetFullPath("/repo/api/docker/Dockerfile.prod")));
            Assert.That(project.Service("b")!.Build!.Target!.Value, Is.EqualTo("runtime"));
        });
    }
}

public class ComposeBuildLocationTests
{
    [Test]
    public void BuildContextOfAnIncludedFileIsRelativeToThatFile()
    {
        var bed = new ComposeTestBed()
            .File("compose.yaml", "include:\n  - services/api/compose.yaml\nservices:\n  web:\n    image: nginx:1.27.2\n")
            .File("services/api/compose.yaml", "services:\n  api:\n    build: .\n");
        var project = bed.Load("compose.yaml")!;
        Assert.That(project.Service("api")!.Build!.DockerfilePath, Is.EqualTo(Path.GetFullPath("/repo/services/api/Dockerfile")));
    }
}

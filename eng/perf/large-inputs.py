#!/usr/bin/env python3
"""Large valid inputs for scaling checks: python3 large-inputs.py N OUTDIR writes one folder per shape, each with N repetitions.
Compare N with 4N (see side-by-side.sh and docs/robustness.md): linear code takes about 4x as long."""
import os, sys
n = int(sys.argv[1]); root = sys.argv[2]
def w(case, name, text):
    d = os.path.join(root, case); os.makedirs(d, exist_ok=True)
    open(os.path.join(d, name), "w").write(text)
# traefik dynamic yaml routers
w("traefik-routers", "traefik-dynamic.yml", "http:\n  routers:\n" + "".join(
    f"    r{i}:\n      rule: Host(`h{i}.example.com`)\n      entryPoints: [websecure]\n      middlewares: [m{i%10}]\n      tls:\n        certResolver: le\n      service: s{i}\n" for i in range(n)))
# labels
w("labels", "docker-compose.yml", "services:\n  traefik:\n    image: traefik:v3.1@sha256:" + "a"*64 + "\n    command: ['--providers.docker=true', '--entrypoints.websecure.address=:443']\n  web:\n    image: nginx:1.27@sha256:" + "b"*64 + "\n    labels:\n" + "".join(
    f"      - traefik.http.routers.r{i}.rule=Host(`h{i}.example.com`)\n      - traefik.http.routers.r{i}.entrypoints=websecure\n      - traefik.http.routers.r{i}.tls.certresolver=le\n" for i in range(n)))
# ARG chains
w("argchain", "Dockerfile", "ARG A0=x\n" + "".join(f"ARG A{i+1}=${{A{i}}}x\n" for i in range(n)) + "FROM alpine:3.20\nRUN echo hi\n")
# TOML entrypoints
w("toml", "traefik.toml", "".join(f"[entryPoints.e{i}]\n  address = \":{1000+i}\"\n" for i in range(n)))
# chained stages
w("stages", "Dockerfile", "FROM alpine:3.20 AS s0\n" + "".join(f"FROM s{i} AS s{i+1}\nRUN echo {i}\n" for i in range(n)))
# env chain
w("envchain", ".env", "V0=x\n" + "".join(f"V{i+1}=${{V{i}}}y\n" for i in range(min(n, 100000))))
w("envchain", "docker-compose.yml", "services:\n  web:\n    image: nginx:${V1}\n")
# many services
w("services", "docker-compose.yml", "services:\n" + "".join(
    f"  s{i}:\n    image: nginx:1.27\n    ports: ['{10000+i}:80']\n    environment:\n      A: b\n    volumes: ['./d{i}:/data']\n    depends_on: [s{max(i-1,0)}]\n    networks: [n{i%50}]\n" for i in range(n))
  + "networks:\n" + "".join(f"  n{j}: {{}}\n" for j in range(50)))
# one service with many ports/volumes/env/labels
w("bigservice", "docker-compose.yml", "services:\n  web:\n    image: nginx:1.27\n    ports:\n" + "".join(f"      - '{10000+i % 50000}:{i%60000+1}'\n" for i in range(n))
  + "    volumes:\n" + "".join(f"      - ./d{i}:/data{i}\n" for i in range(n))
  + "    environment:\n" + "".join(f"      V{i}: value{i}\n" for i in range(n))
  + "    labels:\n" + "".join(f"      l{i}: v{i}\n" for i in range(n)))
# anchors & merge keys
w("anchors", "docker-compose.yml", "x-base: &base\n  image: nginx:1.27\n  restart: always\n  environment: &env\n    A: b\n    C: d\nservices:\n" + "".join(
    f"  s{i}:\n    <<: *base\n    environment:\n      <<: *env\n      E{i}: f\n" for i in range(n)))
# overlays chain via extends
w("extends", "docker-compose.yml", "services:\n  s0:\n    image: nginx:1.27\n" + "".join(
    f"  s{i+1}:\n    extends: s{i}\n    environment:\n      V{i}: x\n" for i in range(n)))
# many Dockerfile instructions
w("instructions", "Dockerfile", "FROM alpine:3.20\n" + "".join(f"RUN echo {i} && ls /tmp\nENV E{i}=v{i}\nCOPY f{i} /app/f{i}\nLABEL l{i}=v{i}\n" for i in range(n)) + "USER app\n")
# many independent stages
w("manystages", "Dockerfile", "".join(f"FROM alpine:3.20 AS s{i}\nRUN echo {i}\n" for i in range(n)) + "FROM scratch\n" + "".join(f"COPY --from=s{i} /a /a{i}\n" for i in range(n)))
# heredocs
w("heredocs", "Dockerfile", "FROM alpine:3.20\n" + "".join(f"RUN <<EOF{i}\necho {i}\nls\nEOF{i}\n" for i in range(n)))
# big dockerignore
w("dockerignore", ".dockerignore", "".join(f"dir{i}/**/*.tmp\n!dir{i}/keep{i}\n" for i in range(n)) + ".git\n.env\n")
w("dockerignore", "Dockerfile", "FROM alpine:3.20\nCOPY . /app\n")
w("dockerignore", "docker-compose.yml", "services:\n  web:\n    build: .\n")
# toml routers
w("toml-routers", "traefik-dyn.toml", "".join(f"[http.routers.r{i}]\n  rule = \"Host(`h{i}`)\"\n  entryPoints = [\"websecure\"]\n[http.routers.r{i}.tls]\n  certResolver = \"le\"\n" for i in range(n)))
# traefik middlewares
w("middlewares", "traefik-mw.yml", "http:\n  middlewares:\n" + "".join(f"    m{i}:\n      rateLimit:\n        average: 100\n" for i in range(n)))
# services with env_file-less interpolation
w("interp", "docker-compose.yml", "services:\n  web:\n    image: nginx:1.27\n    environment:\n" + "".join(f"      V{i}: ${{X{i}:-d{i}}}\n" for i in range(n)))
# many networks
w("networks", "docker-compose.yml", "services:\n" + "".join(f"  s{i}:\n    image: nginx:1.27\n    networks: [n{i}]\n" for i in range(n)) + "networks:\n" + "".join(f"  n{i}:\n    internal: true\n" for i in range(n)))
# secrets
w("secrets", "docker-compose.yml", "services:\n  web:\n    image: nginx:1.27\n    secrets:\n" + "".join(f"      - s{i}\n" for i in range(n)) + "secrets:\n" + "".join(f"  s{i}:\n    file: ./s{i}.txt\n" for i in range(n)))
# entrypoints via command flags
w("cmdflags", "docker-compose.yml", "services:\n  traefik:\n    image: traefik:v3.1\n    command:\n" + "".join(f"      - --entrypoints.e{i}.address=:{1000+i%60000}\n" for i in range(n)))
# traefik env
w("traefikenv", "docker-compose.yml", "services:\n  traefik:\n    image: traefik:v3.1\n    environment:\n" + "".join(f"      TRAEFIK_ENTRYPOINTS_E{i}_ADDRESS: ':{1000+i%60000}'\n" for i in range(n)))
# services with labels each (routers across services)
w("svclabels", "docker-compose.yml", "services:\n  traefik:\n    image: traefik:v3.1\n    command: ['--providers.docker=true', '--entrypoints.websecure.address=:443']\n" + "".join(
    f"  s{i}:\n    image: nginx:1.27\n    labels:\n      - traefik.http.routers.r{i}.rule=Host(`h{i}`)\n      - traefik.http.routers.r{i}.middlewares=m{i}\n      - traefik.http.middlewares.m{i}.ratelimit.average=10\n" for i in range(n)))
# stage-level ARG chain
w("stageargs", "Dockerfile", "FROM alpine:3.20\nARG A0=x\n" + "".join(f"ARG A{i+1}=${{A{i}}}x\n" for i in range(n)) + "USER ${A5}\n")
# pip installs with ENV in one stage (HRD063 expands per RUN)
w("pip", "Dockerfile", "FROM python:3.12\n" + "".join(f"ENV V{i}=${{V{max(i-1,0)}}}a\nRUN pip install p{i}\n" for i in range(n)))
# COPY --from with variables
w("copyfrom", "Dockerfile", "FROM alpine:3.20 AS base\n" + "".join(f"ARG S{i}=base\nCOPY --from=${{S{i}}} /a /a{i}\n" for i in range(n)))
# many compose files each with a Dockerfile (multi-file stack)
for i in range(n // 10):
    w(f"multifile/app{i}", "docker-compose.yml", f"services:\n  app{i}:\n    build: .\n    image: app{i}:1.0\n")
    w(f"multifile/app{i}", "Dockerfile", "FROM alpine:3.20\nUSER app\n")

"""A Dockerfile check for machines without hadolint or a Docker engine: every instruction is a known one,
continuation lines join up, stages are named and copied from by name, and the runtime stage runs as a
non-root user, exposes 2050 and 8001 and has a HEALTHCHECK.  Usage: python3 deploy/check_dockerfile.py [FILE]"""
import re
import sys

KNOWN = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG",
         "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}
path = sys.argv[1] if len(sys.argv) > 1 else "deploy/Dockerfile"
lines, current = [], ""
for raw in open(path):
    line = raw.rstrip("\n")
    if not current and (not line.strip() or line.lstrip().startswith("#")):
        continue
    current += line.rstrip("\\").strip() + " "
    if not line.endswith("\\"):
        lines.append(current.strip())
        current = ""
problems = []
if current:
    problems.append("the file ends inside a continued line")
stages, last_stage = [], []
for line in lines:
    word = line.split()[0].upper()
    if word not in KNOWN:
        problems.append(f"unknown instruction: {line[:60]}")
    if word == "FROM":
        match = re.match(r"FROM\s+(\S+)(?:\s+AS\s+(\S+))?", line, re.I)
        stages.append(match.group(2))
        last_stage = []
    last_stage.append(line)
    for source in re.findall(r"--from=(\S+)", line):
        if source not in stages:
            problems.append(f"COPY --from={source} names no earlier stage")
users = [l.split()[1] for l in last_stage if l.upper().startswith("USER ")]
if not users or users[-1] in ("root", "0"):
    problems.append("the runtime stage must switch to a non-root USER")
exposed = {p for l in last_stage if l.upper().startswith("EXPOSE ") for p in l.split()[1:]}
if not {"2050", "8001"} <= exposed:
    problems.append(f"the runtime stage must EXPOSE 2050 8001 (has {sorted(exposed)})")
if not any(l.upper().startswith("HEALTHCHECK ") and "/health" in l for l in last_stage):
    problems.append("the runtime stage needs a HEALTHCHECK on /health")
if problems:
    print("\n".join(f"{path}: {p}" for p in problems))
    sys.exit(1)
print(f"{path}: {len(lines)} instructions, {len(stages)} stages, runtime user {users[-1]}, ok")

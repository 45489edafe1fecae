// The script of the translate --file performance goal; also usable by benchmarks.

/** A 10,000-line script with 2,000 container commands in the usual constructs. */
export function benchScript(): string {
  const lines = ['#!/bin/bash', 'set -euo pipefail', ''];
  let n = 0;
  for (let i = 0; n < 2000; i++) {
    switch (i % 5) {
      case 0:
        lines.push(`deploy_${i}() {`, `  local name="app${i}"  # docker ps in a comment`, `  if docker ps -q -f name="$name" | grep -q .; then`, `    docker logs --tail 5 "$name" >> "/tmp/log.${i}" 2>&1`, '  fi', '}');
        n += 2;
        break;
      case 1:
        lines.push(`for c in a${i} b${i}; do`, `  echo "docker ps is only mentioned: $c"`, '  docker ps -a && docker logs --tail 5 "${c:-web}" || true', 'done');
        n += 2;
        break;
      case 2:
        lines.push('ID=$(docker ps -a -q -f name="${NAME:-web}")', 'echo "$ID" | tr a-z A-Z', `x${i}=$((i + ${i}))`);
        n += 1;
        break;
      case 3:
        lines.push('case "$1" in', '  up) docker ps \\', '        -a ;;', '  *) echo `docker ps -q` ;;', 'esac');
        n += 2;
        break;
      default:
        lines.push('cat <<EOF', 'docker ps -a in a here-document', 'EOF', `docker swarm init || echo "no swarm ${i}"`);
        n += 1;
    }
  }
  while (lines.length < 10_000) lines.push(`echo filler ${lines.length}`);
  return `${lines.join('\n')}\n`;
}

#!/usr/bin/env node
// Start-up benchmark (issue 7): each case runs alternately with `node -e 0` (A B A B …) after warm-up runs;
// prints median, min and max wall time, the ratio of medians to the Node runs interleaved with the case, and
// peak RSS; writes
// bench/results.md. Not a test: machines are noisy, so goals are checked here, by a person, not in CI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'crossctl.js');
// 61 pairs: on this shared 2-core machine the spread of one run (σ ≈ 10 ms) moves a median of 31 by about 0.05×.
const runs = Number(process.env.BENCH_RUNS ?? 61);
const warmup = 5;
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const work = mkdtempSync(join(tmpdir(), 'crossctl-bench-'));
const script = join(work, 'deploy.sh');
{
  const lines = [];
  const commands = ['docker ps -a', 'docker logs --tail 50 -f web', 'docker run -d --name web -p 8080:80 nginx:1.27', 'docker stop web', 'docker rm -f web'];
  for (let i = 0; i < 10000; i++) {
    if (i % 5 === 0) lines.push(`  ${commands[(i / 5) % commands.length]} # step ${i}`);
    else lines.push(i % 7 === 0 ? `echo "deploying step ${i}"` : `VAR_${i}=value-${i}`);
  }
  writeFileSync(script, lines.join('\n') + '\n');
}

const cases = [
  { name: 'translate, one target', goal: 1.15, args: ['translate', '--to', 'podman', '--', 'docker', 'run', '-d', '-p', '8080:80', 'nginx'] },
  { name: 'translate, all targets', goal: 1.2, args: ['docker', 'run', '-d', '-p', '8080:80', 'nginx'] },
  { name: 'sheet --format markdown', goal: 1.3, args: ['sheet', '--format', 'markdown'] },
  { name: 'init bash', goal: 1.15, args: ['init', 'bash', '--to', 'nerdctl'] },
  { name: 'script: 10,000 lines, 2,000 commands', goalSeconds: 1.5, args: ['translate', '--file', script, '--to', 'nerdctl'] },
];

function once(argv) {
  const t0 = process.hrtime.bigint();
  const r = timeBin ? spawnSync(timeBin, ['-f', '%M', process.execPath, ...argv], { encoding: 'utf8', maxBuffer: 64 << 20 }) : spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = timeBin ? Number(r.stderr.trim().split('\n').at(-1)) : NaN;
  return { ms, rss, status: r.status };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const floor = { ms: [], rss: [] };
const rows = [];
for (const c of cases) {
  const probe = once([cli, ...c.args]);
  if (probe.status !== 0) {
    rows.push({ ...c, error: `exit ${probe.status}` });
    continue;
  }
  const ms = [];
  const rss = [];
  const nodeMs = [];
  const n = c.goalSeconds ? Math.max(5, Math.floor(runs / 4)) : runs;
  for (let i = 0; i < warmup + n; i++) {
    const a = once(['-e', '0']);
    const b = once([cli, ...c.args]);
    if (i < warmup) continue;
    floor.ms.push(a.ms);
    floor.rss.push(a.rss);
    nodeMs.push(a.ms);
    ms.push(b.ms);
    rss.push(b.rss);
  }
  rows.push({ ...c, ms, rss, nodeMs });
}

const floorMs = median(floor.ms);
const floorRss = Math.max(...floor.rss);
const fmt = (x) => x.toFixed(1);
const out = [];
out.push(`# crossctl start-up benchmark`, '');
out.push(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${runs} interleaved runs per case after ${warmup} warm-up runs; ${new Date().toISOString()}`, '');
const floorMin = Math.min(...floor.ms);
out.push(`Floor: \`node -e 0\` over all cases: median ${fmt(floorMs)} ms, min ${fmt(floorMin)} ms, peak RSS ${floorRss} KB.`, '');
out.push(
  "Each case's ratio is to the `node -e 0` runs interleaved with it (this machine's speed drifts between cases). The goal is on the ratio of medians; on a shared, noisy machine the ratio of minimums shows the cost crossctl itself adds.",
  '',
);
out.push('| case | median ms | min | max | node -e 0 median | ratio to node -e 0 | goal | ratio of minimums | peak RSS KB | RSS ratio (goal 1.3) |');
out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  if (r.error) {
    out.push(`| ${r.name} | ${r.error} | | | | | | | | |`);
    continue;
  }
  const m = median(r.ms);
  const peak = Math.max(...r.rss);
  const nodeM = median(r.nodeMs);
  const ratio = m / nodeM;
  const goal = r.goalSeconds ? `≤ ${r.goalSeconds} s: ${m / 1000 <= r.goalSeconds ? 'met' : 'MISSED'}` : `≤ ${r.goal}×: ${ratio <= r.goal ? 'met' : 'MISSED'}`;
  out.push(`| ${r.name} | ${fmt(m)} | ${fmt(Math.min(...r.ms))} | ${fmt(Math.max(...r.ms))} | ${fmt(nodeM)} | ${ratio.toFixed(2)}× | ${goal} | ${(Math.min(...r.ms) / Math.min(...r.nodeMs)).toFixed(2)}× | ${peak} | ${(peak / floorRss).toFixed(2)}× |`);
}
const text = out.join('\n') + '\n';
process.stdout.write(text);
writeFileSync(join(root, 'bench', 'results.md'), text);

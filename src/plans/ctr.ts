import { normalizeImage } from '../image-ref.js';
import { sizeInBytes } from '../units.js';
import { assemble, type Draft } from '../render.js';
import type { Probe, Step } from '../result.js';
import { escapeRegex } from '../quote.js';
import { generatedId, list, parseMount, parseVolume, pushFlag, str } from './util.js';

type PlanResult = { steps: Step[] } | { reason: string };

const ctr = (d: Draft, ...words: string[]): string[] => ['ctr', ...d.globals, ...words];

/** `ctr tasks ls` prints `TASK PID STATUS`; a probe for the container's task in a given state. */
const taskIs = (d: Draft, id: string, status = 'RUNNING|PAUSED|CREATED|STOPPED|UNKNOWN'): Probe => ({
  argv: ctr(d, 'tasks', 'list'),
  matches: `^${escapeRegex(id)}\\s+[0-9]+\\s+(${status})(\\s|$)`,
});

/**
 * docker run/create → ctr: pull first (ctr never pulls; docker's default pulls only a missing image), a fully
 * qualified reference, an explicit container ID, bind mounts as --mount, host networking as --net-host.
 */
function run(d: Draft): PlanResult {
  const o = d.intent.options;
  const image = d.intent.args.image?.[0];
  if (image === undefined) return { reason: 'no image given' };
  const ref = normalizeImage(image, 'fully-qualified');
  const id = str(o.name) ?? generatedId();

  // The table writes docker's --mount values as they are; ctr's --mount has its own syntax.
  d.flags = d.flags.filter((f) => f.words[0] !== '--mount');
  for (const spec of list(o.volume)) addMount(d, parseVolume(spec), `-v ${spec}`);
  for (const spec of list(o.mount)) addMount(d, parseMount(spec), `--mount ${spec}`);
  const network = str(o.network);
  if (network === 'host') pushFlag(d, '--net-host');
  else if (network !== undefined && network !== 'none') {
    d.warnings.push(`--network ${network}: ctr has no container networks; it offers --net-host, or --cni with CNI plugins configured; use nerdctl run --network ${network}`);
  } else if (network === undefined) {
    d.warnings.push('ctr gives the container only a loopback interface, where docker attaches it to the bridge network: add --cni (needs CNI plugins) or use --net-host');
  }
  if (o.interactive === true && o.tty !== true) {
    d.warnings.push("-i: ctr connects stdin but does not close the container's stdin at the end of input (seen with ctr 1.6): a command that reads stdin to its end, like cat, never finishes");
  }
  const entrypoint = str(o.entrypoint);
  const command = [...(entrypoint !== undefined ? [entrypoint] : []), ...(d.intent.args.command ?? [])];
  if (entrypoint === undefined && command.length) {
    d.warnings.push("ctr's COMMAND replaces the image's entrypoint as well as its cmd: if the image has an ENTRYPOINT, put it first in the command");
  }
  d.positionals = [ref, id, ...command];
  d.spans = { image: [0, 1], name: [1, 2], command: [2, d.positionals.length] };

  const steps: Step[] = [];
  const pull = str(o.pull) ?? 'missing';
  const pullArgv = ctr(d, 'images', 'pull', ref);
  if (pull === 'always') steps.push({ argv: pullArgv });
  else if (pull !== 'never') steps.push({ argv: pullArgv, unless: { argv: ctr(d, 'images', 'list', '--quiet', `name==${ref}`), matches: '.' } });
  steps.push({ argv: assemble(d) });
  return { steps };
}

function addMount(d: Draft, m: ReturnType<typeof parseVolume>, token: string): void {
  if (m === null) {
    d.warnings.push(`${token}: ctr has no anonymous volumes or tmpfs shorthand; bind a host directory with --mount type=bind,src=DIR,dst=PATH,options=rbind:rw`);
  } else if ('volume' in m) {
    d.warnings.push(`${token}: ctr has no named volumes; bind a host directory instead: --mount type=bind,src=/path/on/host,dst=${m.target},options=rbind:rw`);
  } else {
    pushFlag(d, '--mount', `type=bind,src=${m.source},dst=${m.target},options=rbind:${m.readonly ? 'ro' : 'rw'}`);
  }
}

/** docker exec → ctr tasks exec, which needs an exec ID of its own. */
function exec(d: Draft): PlanResult {
  if (d.intent.options['exec-id'] === undefined) pushFlag(d, '--exec-id', generatedId('exec'));
  return { steps: [{ argv: assemble(d) }] };
}

/** docker stop → SIGTERM (or the stop signal), a grace period polled with ctr tasks list, then SIGKILL. */
function stop(d: Draft): PlanResult {
  const o = d.intent.options;
  const seconds = Number(str(o.time) ?? '10');
  const signal = str(o.signal) ?? 'SIGTERM';
  const steps: Step[] = [];
  for (const id of d.intent.args.container ?? []) {
    const live = taskIs(d, id, 'RUNNING|PAUSED');
    steps.push({ argv: ctr(d, 'tasks', 'kill', '--signal', signal, id), when: live });
    steps.push({ argv: ctr(d, 'tasks', 'kill', '--signal', 'SIGKILL', id), when: live, ...(seconds > 0 ? { waitSeconds: seconds } : {}) });
  }
  if (!Number.isFinite(seconds) || seconds < 0) return { reason: `invalid stop timeout '${str(o.time)}'` };
  return { steps };
}

/** docker rm [-f] → (kill) delete the task, delete the container: ctr refuses to delete a container with a task. */
function rm(d: Draft): PlanResult {
  const force = d.intent.options.force === true;
  const steps: Step[] = [];
  for (const id of d.intent.args.container ?? []) {
    if (force) steps.push({ argv: ctr(d, 'tasks', 'kill', '--signal', 'SIGKILL', id), when: taskIs(d, id, 'RUNNING|PAUSED') });
    // Without -f a running task makes `tasks delete` fail, as docker rm fails on a running container.
    steps.push({ argv: ctr(d, 'tasks', 'delete', ...(force ? ['--force'] : []), id), when: taskIs(d, id) });
    steps.push({ argv: ctr(d, 'containers', 'delete', id) });
  }
  return { steps };
}

/** docker start → ctr tasks start, detached unless the user attaches (a stopped task must be deleted first). */
function start(d: Draft): PlanResult {
  const attach = d.intent.options.attach === true;
  const steps: Step[] = [];
  for (const id of d.intent.args.container ?? []) {
    steps.push({ argv: ctr(d, 'tasks', 'delete', id), when: taskIs(d, id, 'STOPPED') });
    steps.push({ argv: ctr(d, 'tasks', 'start', ...(attach ? [] : ['--detach']), id) });
  }
  return { steps };
}

export const ctrPlans: Record<string, (d: Draft) => PlanResult> = {
  'ctr-run': run,
  'ctr-exec': exec,
  'ctr-stop': stop,
  'ctr-rm': rm,
  'ctr-start': start,
};

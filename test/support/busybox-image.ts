// Builds a busybox image from the static /bin/busybox (Debian busybox-static), so that live tests
// need no registry: an OCI image-layout tar (ctr images import, podman load) and the docker-save
// form (Docker Engine 20.10 cannot load an OCI layout).
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The static busybox of Debian's busybox-static. */
export const BUSYBOX = '/bin/busybox';
export const BUSYBOX_REF = 'docker.io/library/busybox:latest';
export const BUSYBOX_APPLETS = [
  'sh', 'echo', 'cat', 'sleep', 'pwd', 'id', 'ls', 'env', 'true', 'false', 'printf', 'test', 'touch',
  'mkdir', 'rm', 'wc', 'head', 'tail', 'grep', 'ps', 'kill', 'hostname', 'ip',
] as const;

export interface BusyboxImages {
  /** OCI image layout tar. */
  oci: string;
  /** `docker save` form, tagged busybox:latest. */
  dockerSave: string;
}

export type TarEntry =
  | { name: string; type: 'dir' }
  | { name: string; type: 'file'; data: Buffer; mode?: number }
  | { name: string; type: 'symlink'; target: string };

// Fixed mtime keeps the layer digest stable across runs.
const MTIME = 946684800; // 2000-01-01

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(name: string, typeflag: string, size: number, mode: number, linkname = ''): Buffer {
  if (Buffer.byteLength(name) > 100 || Buffer.byteLength(linkname) > 100) {
    throw new Error(`tar name too long: ${name}`);
  }
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(MTIME, 12), 136, 'ascii');
  h.write(' '.repeat(8), 148, 'ascii'); // checksum placeholder
  h.write(typeflag, 156, 'ascii');
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0' + '00', 257, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** A minimal uncompressed ustar writer. */
export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.type === 'dir') {
      parts.push(tarHeader(e.name.endsWith('/') ? e.name : `${e.name}/`, '5', 0, 0o755));
    } else if (e.type === 'symlink') {
      parts.push(tarHeader(e.name, '2', 0, 0o777, e.target));
    } else {
      parts.push(tarHeader(e.name, '0', e.data.length, e.mode ?? 0o644), e.data);
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

function ociArch(arch: string): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  const mapped = map[arch];
  if (!mapped) throw new Error(`no OCI architecture for ${arch}`);
  return mapped;
}

async function buildTars(busyboxPath: string): Promise<{ oci: Buffer; dockerSave: Buffer }> {
  const busybox = await readFile(busyboxPath);
  const layer = tar([
    { name: 'bin', type: 'dir' },
    { name: 'bin/busybox', type: 'file', data: busybox, mode: 0o755 },
    ...BUSYBOX_APPLETS.map((a): TarEntry => ({ name: `bin/${a}`, type: 'symlink', target: 'busybox' })),
    { name: 'tmp', type: 'dir' },
  ]);
  const layerDigest = sha256(layer);
  const config = json({
    architecture: ociArch(process.arch),
    os: 'linux',
    created: new Date(MTIME * 1000).toISOString(),
    config: { Cmd: ['sh'], Env: ['PATH=/bin'] },
    rootfs: { type: 'layers', diff_ids: [`sha256:${layerDigest}`] },
    history: [{ created: new Date(MTIME * 1000).toISOString(), created_by: 'crossctl test/support/busybox-image.ts' }],
  });
  const configDigest = sha256(config);
  const manifest = json({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${configDigest}`, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${layerDigest}`, size: layer.length }],
  });
  const manifestDigest = sha256(manifest);
  const index = json({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${manifestDigest}`,
      size: manifest.length,
      annotations: { 'org.opencontainers.image.ref.name': BUSYBOX_REF, 'io.containerd.image.name': BUSYBOX_REF },
    }],
  });
  const oci = tar([
    { name: 'oci-layout', type: 'file', data: json({ imageLayoutVersion: '1.0.0' }) },
    { name: 'index.json', type: 'file', data: index },
    { name: 'blobs', type: 'dir' },
    { name: 'blobs/sha256', type: 'dir' },
    { name: `blobs/sha256/${layerDigest}`, type: 'file', data: layer },
    { name: `blobs/sha256/${configDigest}`, type: 'file', data: config },
    { name: `blobs/sha256/${manifestDigest}`, type: 'file', data: manifest },
  ]);
  const dockerSave = tar([
    { name: 'manifest.json', type: 'file', data: json([{ Config: `${configDigest}.json`, RepoTags: ['busybox:latest'], Layers: [`${layerDigest}/layer.tar`] }]) },
    { name: `${configDigest}.json`, type: 'file', data: config },
    { name: layerDigest, type: 'dir' },
    { name: `${layerDigest}/layer.tar`, type: 'file', data: layer },
  ]);
  return { oci, dockerSave };
}

let built: Promise<{ oci: Buffer; dockerSave: Buffer }> | undefined;
const written = new Map<string, Promise<BusyboxImages>>();

/** Writes busybox-oci.tar and busybox-docker.tar into dir (built once per process, written once per dir). */
export function buildBusyboxImages(dir: string): Promise<BusyboxImages> {
  const key = path.resolve(dir);
  let result = written.get(key);
  if (!result) {
    built ??= buildTars(BUSYBOX);
    const tars = built;
    result = (async () => {
      const { oci, dockerSave } = await tars;
      await mkdir(key, { recursive: true });
      const files = { oci: path.join(key, 'busybox-oci.tar'), dockerSave: path.join(key, 'busybox-docker.tar') };
      await Promise.all([writeFile(files.oci, oci), writeFile(files.dockerSave, dockerSave)]);
      return files;
    })();
    result.catch(() => written.delete(key));
    written.set(key, result);
  }
  return result;
}

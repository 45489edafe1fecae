/**
 * Docker's reference normalisation (distribution/reference): `nginx` → `docker.io/library/nginx:latest`,
 * `user/app` → `docker.io/user/app:latest`; a first component with a dot or a port, or `localhost`, is a
 * registry and stays; digests are kept. `qualified` adds the registry only, `fully-qualified` also the tag.
 */
export function normalizeImage(ref: string, level: 'short' | 'qualified' | 'fully-qualified'): string {
  // An image ID is no reference: a registry or tag would turn it into a name that does not exist.
  if (level === 'short' || ref === '' || /[$`{}\s]/.test(ref) || looksLikeId(ref)) return ref;
  const at = ref.indexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const digest = at < 0 ? '' : ref.slice(at);
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const hasRegistry = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  let path = hasRegistry ? name.slice(slash + 1) : name;
  const registry = hasRegistry ? first : 'docker.io';
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const lastSlash = path.lastIndexOf('/');
  const hasTag = path.indexOf(':', lastSlash + 1) >= 0;
  const tag = !hasTag && !digest && level === 'fully-qualified' ? ':latest' : '';
  return `${registry}/${path}${tag}${digest}`;
}

/** An image or container ID rather than a name: 12 to 64 hex digits, optionally prefixed sha256:. */
export const looksLikeId = (s: string): boolean => /^(sha256:)?[0-9a-f]{12,64}$/.test(s);

import { describe, expect, it } from 'vitest';
import { looksLikeId, normalizeImage } from '../src/image-ref.js';

describe('normalizeImage', () => {
  const cases: [string, string, string][] = [
    ['nginx', 'docker.io/library/nginx:latest', 'docker.io/library/nginx'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['user/app', 'docker.io/user/app:latest', 'docker.io/user/app'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest', 'docker.io/library/nginx'],
    ['quay.io/org/app:v1', 'quay.io/org/app:v1', 'quay.io/org/app:v1'],
    ['localhost/app', 'localhost/app:latest', 'localhost/app'],
    ['registry:5000/app', 'registry:5000/app:latest', 'registry:5000/app'],
    ['nginx@sha256:' + 'a'.repeat(64), 'docker.io/library/nginx@sha256:' + 'a'.repeat(64), 'docker.io/library/nginx@sha256:' + 'a'.repeat(64)],
    ['$IMAGE', '$IMAGE', '$IMAGE'],
  ];
  for (const [input, full, qualified] of cases) {
    it(input, () => {
      expect(normalizeImage(input, 'fully-qualified')).toBe(full);
      expect(normalizeImage(input, 'qualified')).toBe(qualified);
      expect(normalizeImage(input, 'short')).toBe(input);
    });
  }
  it('tells IDs from names', () => {
    expect(looksLikeId('3f4e2a1b9c0d')).toBe(true);
    expect(looksLikeId('web')).toBe(false);
    expect(looksLikeId('deadbeef')).toBe(false);
  });
});

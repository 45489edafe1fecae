import { distance } from 'fastest-levenshtein';

/** The closest candidate to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    // A word the candidate starts with is most likely an abbreviation of it (cri → crictl).
    const score = c.toLowerCase().startsWith(w) && w.length >= 2 ? Math.min(d, 1) - 0.5 : w.startsWith(c.toLowerCase()) ? d - 0.5 : d;
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestScore <= limit ? best : undefined;
}

export const didYouMean = (word: string, candidates: Iterable<string>, render: (s: string) => string = (s) => s): string => {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean ${render(c)}?)`;
};

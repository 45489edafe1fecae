import fc from 'fast-check';

/** Characters a shell treats specially, and some it does not but terminals or parsers might. */
export const SHELL_SPECIALS = [
  "'", '"', '$', '`', '\\', '!', '*', '?', '[', ']', '{', '}', '~', '#', '\n', '\t', ' ', '-', '(', ')', ';', '&', '|', '<', '>', '=', '%', '^', ',', ':', '@', '.', '/',
];
export const CONTROLS = ['\u0001', '\u0007', '\b', '\u000b', '\f', '\r', '\u001b', '\u007f', '\u0085', '\u009b'];
export const UNICODE = ['é', 'ß', '日本', '😀', '\u200b', '\u2028', 'Ω', '\u0301', '\ufeff'];
/** Whole fragments worth meeting often: expansions, capture placeholders, replacement patterns. */
export const FRAGMENTS = ['$(id)', '${ID}', '${ID1}', '$ID', '`id`', '$&', "$'", '$1', '\\n', "'\\''", '--', '-x', '*.go', '~root', 'a=b', '\r\n'];

const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SHELL_SPECIALS) },
  { weight: 4, arbitrary: fc.constantFrom(...'abcxyz019'.split('')) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROLS) },
  { weight: 1, arbitrary: fc.constantFrom(...UNICODE) },
  { weight: 1, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
);

/** Any word an argv may hold (no NUL: argv cannot carry one), hostile more often than not. */
export const hostileWord = (maxLength = 12): fc.Arbitrary<string> => fc.string({ unit, maxLength });

/** Words for values: hostile ones, plus plain ones, empty ones and ones that look like flags. */
export const valueWord = fc.oneof(
  { weight: 5, arbitrary: hostileWord() },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'web', 'nginx:1.27', '-', '--', '-a', '--all', '#x', 'constructor', '__proto__') },
);

/** The plans a table may name; kept apart from the plan code so the table compiler does not load it. */
export const PLANS = ['ctr-run', 'ctr-exec', 'ctr-stop', 'ctr-rm', 'ctr-start', 'crictl-run'];

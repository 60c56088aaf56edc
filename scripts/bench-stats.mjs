// Shared by the benchmark's scripts (bench-pages.mjs, bench-header.mjs, bench-mixed.mjs, bench-browser.mjs).

/** The p-th percentile of ascending `sorted` (nearest rank); NaN when it is empty. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

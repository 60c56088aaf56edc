/**
 * Advisory lock keys. DERIVED_DATA: a write refreshing one patient's stored derived data takes it shared;
 * a clinic-wide recompute (daily refresh, seeding, a settings change in force today) takes it exclusive,
 * so the two never interleave their delete-and-insert of the same rows. Both happen before the audit
 * row, whose chain lock is always taken last.
 */
export const DERIVED_DATA_LOCK = 727_275;
export const SETTINGS_VERSION_LOCK = 727_276;

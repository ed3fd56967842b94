/** The ingestion contract: parsed records in, stored once each, derived data updated for what was new. */
export interface IngestResult {
  /** Records newly stored. */
  inserted: number;
  /** Records already stored before (same stable id): skipped, derived data untouched. */
  duplicates: number;
}

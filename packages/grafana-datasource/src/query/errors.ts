/** A query that cannot run as written (a variable that is not a number, a missing request id…). */
export class QueryInputError extends Error {
  override name = 'QueryInputError';
}

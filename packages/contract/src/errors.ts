/** The one error body of every route: `{ error: { code, message, parameter? } }`. */
import { Type, type Static } from 'typebox';

export const ErrorResponseSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    /** The parameter or field that was wrong, when one was. */
    parameter: Type.Optional(Type.String()),
  }),
});
export type ErrorResponse = Static<typeof ErrorResponseSchema>;

/**
 * Error statuses any route may answer: bad input, missing or wrong token, a token that does not reach the
 * route (the read token on a write route), database unreachable.
 */
export const ERROR_RESPONSES = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  /** A request line and headers over the server's 16 KiB limit (say, thousands of filter values in the URL). */
  431: ErrorResponseSchema,
  503: ErrorResponseSchema,
};

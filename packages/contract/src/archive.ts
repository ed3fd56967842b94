/** `POST /archive`: one archive run. */
import { Type, type Static } from 'typebox';

export const ArchiveResponseSchema = Type.Object({
  logsCopied: Type.Integer(),
  requestsCopied: Type.Integer(),
  triggers: Type.Integer(),
  durationMs: Type.Number(),
});
export type ArchiveRunResponse = Static<typeof ArchiveResponseSchema>;

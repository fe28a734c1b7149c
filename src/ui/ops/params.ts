import type { z } from 'zod';

/**
 * The params a panel builds for an op's step, typed by the op's own schema (`typeof xOp`): a key
 * the op does not know, or a value of the wrong type, fails the typecheck; what has a default may
 * be left out.
 */
export type ParamsOf<O extends { params: z.ZodType }> = z.input<O['params']>;

import { z } from 'zod';

/** `?limit=&offset=` of admin list routes: 1..200 items a page, 50 unless asked. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

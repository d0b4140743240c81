import { z } from 'zod';

/** UUIDv7 ids: sortable by creation and leaking no counts across workspaces. */
export const Id = z.uuid();
export const Timestamp = z.iso.datetime({ offset: true });
export const Email = z.email().max(254);
/** Text that a person types: trimmed, bounded, never empty. */
export const Name = z.string().trim().min(1).max(200);
export const Locale = z.enum(['zh-CN', 'en']);

export const IdParams = z.strictObject({ id: Id });

export const PageQuery = {
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
};

/** A page of results with an opaque cursor for the next page (null at the end). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const Ok = z.object({ ok: z.literal(true) });

/** Custom attribute values: scalars only, so nothing executes or nests without bound. */
export const AttributeValue = z.union([
  z.string().max(2000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(50),
]);
export const Attributes = z
  .record(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
    AttributeValue,
  )
  .refine((value) => Object.keys(value).length <= 100, 'At most 100 attributes');

import { z } from 'zod';
import { Attributes, Id, Locale, Name, PageQuery, Timestamp } from './common.ts';

export const IdentityKind = z.enum(['email', 'phone', 'visitor', 'external']);
export const IdentityInput = z.strictObject({
  kind: IdentityKind,
  value: z.string().trim().min(1).max(254),
});
export const Identity = z.object({ id: Id, kind: IdentityKind, value: z.string() });

export const Company = z.object({
  id: Id,
  name: z.string(),
  domain: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
});
export const CreateCompanyBody = z.strictObject({
  name: Name,
  domain: z.string().trim().toLowerCase().max(253).nullable().optional(),
  attributes: Attributes.optional(),
});
export const UpdateCompanyBody = CreateCompanyBody.partial();

/** Customer tier: SLA policy conditions and queue order (VIP first). */
export const CustomerTier = z.enum(['standard', 'vip']);
export type CustomerTier = z.infer<typeof CustomerTier>;

export const Customer = z.object({
  id: Id,
  name: z.string().nullable(),
  company: z.object({ id: Id, name: z.string() }).nullable(),
  identities: z.array(Identity),
  attributes: z.record(z.string(), z.unknown()),
  customFields: z.record(z.string(), z.unknown()),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  tier: CustomerTier,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Customer = z.infer<typeof Customer>;
export const CreateCustomerBody = z.strictObject({
  name: Name.nullable().optional(),
  identities: z.array(IdentityInput).max(20).default([]),
  companyId: Id.nullable().optional(),
  attributes: Attributes.optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  locale: Locale.nullable().optional(),
  timezone: z.string().max(64).nullable().optional(),
  tier: CustomerTier.optional(),
});
export const UpdateCustomerBody = CreateCustomerBody.omit({ identities: true }).partial();
/** A new customer needs a name or an identity; an empty profile helps nobody. */
export const CreateCustomerBodyChecked = CreateCustomerBody.refine(
  (c) => (c.name ?? '') !== '' || c.identities.length > 0,
  {
    message: 'Give the customer a name or at least one identity',
    path: ['name'],
  },
);
export const CustomerListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  companyId: Id.optional(),
  ...PageQuery,
});
export const CustomerMergeBody = z.strictObject({ targetId: Id });

export const CustomerNote = z.object({
  id: Id,
  authorId: Id.nullable(),
  body: z.string(),
  createdAt: Timestamp,
});
export const CreateCustomerNoteBody = z.strictObject({ body: z.string().trim().min(1).max(10000) });

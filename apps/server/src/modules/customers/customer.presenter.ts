import type { Customer } from '@kefu/contracts';
import type { CustomerRow } from '../../db/schema.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentCustomer(
  row: CustomerRow,
  extra: {
    identities: { id: string; kind: Customer['identities'][number]['kind']; value: string }[];
    company: { id: string; name: string } | null;
  },
): Customer {
  return {
    id: row.id,
    name: row.name,
    company: extra.company,
    identities: extra.identities.map((i) => ({ id: i.id, kind: i.kind, value: i.value })),
    attributes: row.attributes,
    customFields: row.custom_fields,
    locale: row.locale,
    timezone: row.timezone,
    tier: row.tier,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

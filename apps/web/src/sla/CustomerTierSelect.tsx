import { useState } from 'react';
import { errorMessage } from '../i18n/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { api } from '../lib/api.ts';
import { useToast } from '../ui/Toaster.tsx';
import { tierList } from './types.ts';

/** The customer's tier (standard or VIP), which SLA policies and queue order look at. */
export function CustomerTierSelect({
  customer,
}: {
  customer: { id: string; tier: 'standard' | 'vip' };
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [tier, setTier] = useState(customer.tier);
  return (
    <select
      value={tier}
      aria-label={t('sla.tier.label')}
      onChange={(event) => {
        const next = event.target.value as typeof tier;
        const before = tier;
        setTier(next);
        api.patch(`/customers/${customer.id}`, { tier: next }).then(
          () => toast.info(t('sla.tier.saved')),
          (error: unknown) => {
            setTier(before);
            toast.error(errorMessage(error, t));
          },
        );
      }}
    >
      {tierList.map((value) => (
        <option key={value} value={value}>
          {t(`sla.tier.${value}`)}
        </option>
      ))}
    </select>
  );
}

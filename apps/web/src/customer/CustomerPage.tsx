import { useI18n } from '../i18n/I18nProvider.tsx';
import { CustomerPanel } from './CustomerPanel.tsx';
import { useCustomer } from './useCustomer.ts';

/** A customer on their own page (from search): the same panel, given the whole width. */
export function CustomerPage({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const state = useCustomer(customerId);
  return (
    <div className="customer-page">
      <h1 className="page-title">{state.customer?.name ?? t('customer.panel')}</h1>
      <CustomerPanel state={state} />
    </div>
  );
}

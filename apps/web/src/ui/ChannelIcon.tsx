import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Channel } from '../lib/types.ts';
import { Icon, type IconName } from './Icon.tsx';

const icons: Record<Channel, IconName> = {
  chat: 'chat',
  email: 'mail',
  api: 'code',
  phone: 'phone',
  wechat: 'chat',
  wecom: 'building',
};

/** The channel as an icon with its name beside it. */
export function ChannelIcon({ channel }: { channel: Channel }) {
  const { t } = useI18n();
  return (
    <span className="channel">
      <Icon name={icons[channel]} size={13} />
      {t(`channel.${channel}`)}
    </span>
  );
}

-- Mail waiting to be processed, by Message-ID: a reply processed side by side with the mail it
-- answers looks its predecessor up here and processes it first (InboundProcessor).
create index inbound_emails_pending_rfc on inbound_emails (channel_id, rfc_message_id)
  where status = 'received' and rfc_message_id is not null;

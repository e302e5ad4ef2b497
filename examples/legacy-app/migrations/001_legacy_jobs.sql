-- The tables of the three old cron jobs, as a Next.js/Supabase app typically has them.
-- Names here are this example's; a real app maps its own in queues/legacy.ts.
-- The one addition the bus needs: a status value meaning "taken by the bus" ('queued' below)
-- in each status check, so the old processors leave those rows alone.

create table if not exists contacts (
  id bigserial primary key,
  email text,
  phone text,
  name text,
  sms_opt_out boolean not null default false,
  sms_opted_out_at timestamptz,
  -- campaigns skip these contacts (unsubscribed from e-mail)
  email_opt_out boolean not null default false,
  created_at timestamptz not null default now()
);

-- E-mail queue: app code inserts a row, the cron job sends it.
create table if not exists email_queue (
  id bigserial primary key,
  to_address text not null,
  subject text not null,
  body_text text,
  body_html text,
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'queued', 'sent', 'failed')),
  attempts integer not null default 0,
  send_after timestamptz not null default now(),
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
create index if not exists email_queue_due on email_queue (send_after) where status = 'pending';

-- Campaigns: one e-mail to every contact of the campaign's audience.
create table if not exists campaigns (
  id bigserial primary key,
  name text not null,
  subject text not null,
  body_text text,
  body_html text,
  status text not null default 'draft'
    check (status in ('draft', 'scheduled', 'queued', 'sending', 'sent')),
  scheduled_at timestamptz,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);

create table if not exists campaign_recipients (
  id bigserial primary key,
  campaign_id bigint not null references campaigns (id) on delete cascade,
  contact_id bigint not null references contacts (id) on delete cascade,
  status text not null default 'pending'
    check (status in ('pending', 'sending', 'queued', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  sent_at timestamptz,
  unique (campaign_id, contact_id)
);
create index if not exists campaign_recipients_todo on campaign_recipients (campaign_id, id)
  where status in ('pending', 'queued');

-- SMS drips: timed steps, and enrollments that walk through them.
create table if not exists sms_drips (
  id bigserial primary key,
  name text not null
);

create table if not exists sms_drip_steps (
  drip_id bigint not null references sms_drips (id) on delete cascade,
  step_index integer not null,
  -- step 0: after enrolment; step N: after step N-1 was sent
  delay_seconds integer not null default 0,
  body text not null,
  primary key (drip_id, step_index)
);

create table if not exists sms_drip_enrollments (
  id bigserial primary key,
  drip_id bigint not null references sms_drips (id) on delete cascade,
  contact_id bigint not null references contacts (id) on delete cascade,
  current_step integer not null default 0,
  next_run_at timestamptz not null default now(),
  status text not null default 'active'
    check (status in ('active', 'sending', 'queued', 'completed', 'stopped', 'failed')),
  attempts integer not null default 0,
  last_error text,
  last_sent_at timestamptz,
  created_at timestamptz not null default now(),
  unique (drip_id, contact_id)
);
create index if not exists sms_drip_enrollments_due on sms_drip_enrollments (next_run_at)
  where status = 'active';

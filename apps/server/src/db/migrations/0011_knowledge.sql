-- Knowledge base and public help center: categories, articles with one row per language
-- (a draft and the published version side by side), the history of published versions,
-- files (images) uploaded into articles, and readers' "Was this helpful?" answers.

-- Names and descriptions per language: {"zh-CN": {"name": "…", "description": "…"}, "en": …}.
create table kb_categories (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  position integer not null,
  translations jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index kb_categories_workspace on kb_categories (workspace_id, position);

-- `visibility`: public (help center, widget, answer bot) or internal (agents only).
-- `audience_tiers`: null is everyone; otherwise only customers of those tiers (customers.tier),
-- so such an article never appears in the anonymous help center. Segments will add a column.
create table kb_articles (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  category_id uuid references kb_categories(id) on delete set null,
  visibility text not null check (visibility in ('public', 'internal')),
  audience_tiers text[],
  position integer not null default 0,
  view_count integer not null default 0,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index kb_articles_workspace on kb_articles (workspace_id, category_id, position);

-- One row per article and language. The draft is what editors work on; the published columns
-- are what readers see (null until the first publication, and again after unpublishing).
-- HTML is stored sanitized; the text columns are its plain text (search, snippets).
create table kb_article_translations (
  article_id uuid not null references kb_articles(id) on delete cascade,
  locale text not null,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  draft_title text not null,
  draft_body_html text not null,
  draft_body_text text not null,
  draft_questions text[] not null default '{}',
  draft_updated_at timestamptz not null,
  draft_updated_by uuid references users(id) on delete set null,
  title text,
  body_html text,
  body_text text,
  questions text[],
  published_version integer not null default 0,
  published_at timestamptz,
  published_by uuid references users(id) on delete set null,
  primary key (article_id, locale)
);
create index kb_article_translations_workspace on kb_article_translations (workspace_id, locale)
  where published_at is not null;

-- Every publication, so an editor can see who changed what and restore an earlier version.
create table kb_article_versions (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  article_id uuid not null references kb_articles(id) on delete cascade,
  locale text not null,
  version integer not null,
  title text not null,
  body_html text not null,
  questions text[] not null default '{}',
  published_by uuid references users(id) on delete set null,
  published_at timestamptz not null,
  unique (article_id, locale, version)
);

-- Files uploaded into articles (stored as attachments without a message). The help center
-- serves them to anyone who has the link, as Zendesk and Intercom do with article images.
create table kb_files (
  attachment_id uuid primary key references attachments(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  created_at timestamptz not null
);

create table kb_feedback (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  article_id uuid not null references kb_articles(id) on delete cascade,
  locale text not null,
  helpful boolean not null,
  reason text,
  created_at timestamptz not null
);
create index kb_feedback_article on kb_feedback (workspace_id, article_id);

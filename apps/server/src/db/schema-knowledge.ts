import type { ColumnType, Selectable } from 'kysely';
import type { Defaulted, Timestamp } from './schema.ts';

/** jsonb read back as T, written as JSON text. */
type JsonOf<T> = ColumnType<T, string | undefined, string>;

/** A category's name and description in one language. */
export interface KbCategoryText {
  name: string;
  description: string;
}

export interface KbCategoriesTable {
  id: string;
  workspace_id: string;
  position: number;
  translations: JsonOf<Record<string, KbCategoryText>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KbArticlesTable {
  id: string;
  workspace_id: string;
  category_id: string | null;
  visibility: 'public' | 'internal';
  /** null: everyone; otherwise only customers of these tiers (never the anonymous help center). */
  audience_tiers: string[] | null;
  position: Defaulted<number>;
  view_count: Defaulted<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KbArticleTranslationsTable {
  article_id: string;
  locale: string;
  workspace_id: string;
  draft_title: string;
  draft_body_html: string;
  draft_body_text: string;
  draft_questions: Defaulted<string[]>;
  draft_updated_at: Timestamp;
  draft_updated_by: string | null;
  title: string | null;
  body_html: string | null;
  body_text: string | null;
  questions: string[] | null;
  published_version: Defaulted<number>;
  published_at: Timestamp | null;
  published_by: string | null;
}

export interface KbArticleVersionsTable {
  id: string;
  workspace_id: string;
  article_id: string;
  locale: string;
  version: number;
  title: string;
  body_html: string;
  questions: Defaulted<string[]>;
  published_by: string | null;
  published_at: Timestamp;
}

export interface KbFilesTable {
  attachment_id: string;
  workspace_id: string;
  created_at: Timestamp;
}

export interface KbFeedbackTable {
  id: string;
  workspace_id: string;
  article_id: string;
  locale: string;
  helpful: boolean;
  reason: string | null;
  created_at: Timestamp;
}

export interface KnowledgeTables {
  kb_categories: KbCategoriesTable;
  kb_articles: KbArticlesTable;
  kb_article_translations: KbArticleTranslationsTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_files: KbFilesTable;
  kb_feedback: KbFeedbackTable;
}

export type KbCategoryRow = Selectable<KbCategoriesTable>;
export type KbArticleRow = Selectable<KbArticlesTable>;
export type KbTranslationRow = Selectable<KbArticleTranslationsTable>;
export type KbVersionRow = Selectable<KbArticleVersionsTable>;

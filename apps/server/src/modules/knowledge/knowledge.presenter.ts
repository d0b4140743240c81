import type {
  KbArticle,
  KbArticleSummary,
  KbCategory,
  KbTranslation,
  KbTranslationStatus,
  KbVersion,
} from '@kefu/contracts';
import type {
  KbArticleRow,
  KbCategoryRow,
  KbTranslationRow,
  KbVersionRow,
} from '../../db/schema-knowledge.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentCategory(row: KbCategoryRow, articleCount: number): KbCategory {
  return {
    id: row.id,
    position: row.position,
    translations: row.translations,
    articleCount,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Draft only, published, or published with a draft that differs from it. */
export function translationStatus(row: KbTranslationRow): KbTranslationStatus {
  if (!row.published_at) return 'draft';
  const same =
    row.title === row.draft_title &&
    row.body_html === row.draft_body_html &&
    JSON.stringify(row.questions ?? []) === JSON.stringify(row.draft_questions);
  return same ? 'published' : 'changed';
}

export function presentTranslation(row: KbTranslationRow): KbTranslation {
  return {
    locale: row.locale,
    status: translationStatus(row),
    draft: {
      title: row.draft_title,
      bodyHtml: row.draft_body_html,
      questions: row.draft_questions,
      updatedAt: iso(row.draft_updated_at),
      updatedBy: row.draft_updated_by,
    },
    published: row.published_at
      ? {
          title: row.title ?? '',
          bodyHtml: row.body_html ?? '',
          questions: row.questions ?? [],
          version: row.published_version,
          publishedAt: iso(row.published_at),
          publishedBy: row.published_by,
        }
      : null,
  };
}

export interface FeedbackCount {
  helpful: number;
  not_helpful: number;
}

function articleFields(row: KbArticleRow, feedback: FeedbackCount | undefined) {
  return {
    id: row.id,
    categoryId: row.category_id,
    visibility: row.visibility,
    audienceTiers: row.audience_tiers,
    views: row.view_count,
    helpful: feedback?.helpful ?? 0,
    notHelpful: feedback?.not_helpful ?? 0,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentArticle(
  row: KbArticleRow,
  translations: KbTranslationRow[],
  feedback: FeedbackCount | undefined,
): KbArticle {
  return { ...articleFields(row, feedback), translations: translations.map(presentTranslation) };
}

export function presentArticleSummary(
  row: KbArticleRow,
  translations: KbTranslationRow[],
  feedback: FeedbackCount | undefined,
): KbArticleSummary {
  return {
    ...articleFields(row, feedback),
    translations: translations.map((t) => ({
      locale: t.locale,
      title: t.draft_title,
      status: translationStatus(t),
      updatedAt: iso(t.draft_updated_at),
    })),
  };
}

export function presentVersion(row: KbVersionRow): KbVersion {
  return {
    id: row.id,
    locale: row.locale,
    version: row.version,
    title: row.title,
    bodyHtml: row.body_html,
    questions: row.questions,
    publishedBy: row.published_by,
    publishedAt: iso(row.published_at),
  };
}

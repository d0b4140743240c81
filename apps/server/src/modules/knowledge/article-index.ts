import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { Clock } from '../../lib/clock.ts';
import type { PublishedArticle } from '../../repositories/knowledge.repository.ts';
import { RetrievalIndex } from '@kefu/text';

/** What the cache needs from a retrieval index (`RetrievalIndex` from `@kefu/text`). */
export interface ArticleSearch {
  add(document: {
    id: string;
    language: string;
    title: string;
    body: string;
    questions: string[];
  }): void;
  search(
    query: string,
    options: { language?: string; limit?: number },
  ): { id: string; score: number; confidence: number; passage: string }[];
}

/** Who is reading: the anonymous help center, a customer of a tier, or agents (everything). */
export type Audience = { kind: 'anonymous' } | { kind: 'tier'; tier: string } | { kind: 'agents' };

export interface ArticleMatch {
  article: PublishedArticle;
  score: number;
  confidence: number;
  passage: string;
}

interface Built {
  index: ArticleSearch;
  articles: Map<string, PublishedArticle>;
  builtAt: number;
}

/** Another node's edits reach this node's index at the latest after this long. */
const maxAgeMs = 60_000;

export function isVisibleTo(article: PublishedArticle, audience: Audience): boolean {
  if (audience.kind === 'agents') return true;
  if (article.visibility !== 'public') return false;
  if (article.audience_tiers === null) return true;
  return audience.kind === 'tier' && article.audience_tiers.includes(audience.tier);
}

/**
 * One in-memory search index per workspace over every published article language, built on
 * first use and dropped when an article changes on this node (or after a minute, for changes
 * made on other nodes). Readers' audiences are applied to the hits, so internal and
 * tier-restricted articles never reach the public help center.
 */
export class ArticleIndexes {
  private readonly built = new Map<string, Promise<Built>>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly createIndex: () => ArticleSearch = () => new RetrievalIndex(),
  ) {}

  /** Drops the workspace's index; a build still reading is dropped too (it may miss the edit). */
  invalidate(workspaceId: string): void {
    this.built.delete(workspaceId);
  }

  async search(
    workspaceId: string,
    query: string,
    options: { locale?: string | undefined; audience: Audience; limit: number },
  ): Promise<ArticleMatch[]> {
    const { index, articles } = await this.get(workspaceId);
    const hits = index.search(query, {
      ...(options.locale ? { language: options.locale } : {}),
      limit: options.limit * 4 + 20,
    });
    const out: ArticleMatch[] = [];
    for (const hit of hits) {
      const article = articles.get(hit.id);
      if (!article || !isVisibleTo(article, options.audience)) continue;
      out.push({ article, score: hit.score, confidence: hit.confidence, passage: hit.passage });
      if (out.length === options.limit) break;
    }
    return out;
  }

  private get(workspaceId: string): Promise<Built> {
    const current = this.built.get(workspaceId);
    const now = this.clock.now().getTime();
    if (current) {
      return current.then((built) =>
        now - built.builtAt < maxAgeMs ? built : this.rebuild(workspaceId, now),
      );
    }
    return this.rebuild(workspaceId, now);
  }

  private rebuild(workspaceId: string, now: number): Promise<Built> {
    const building = this.uow
      .read((repos) => repos.knowledge.published(workspaceId, { audience: { kind: 'agents' } }))
      .then((rows) => {
        const index = this.createIndex();
        const articles = new Map<string, PublishedArticle>();
        for (const row of rows) {
          const id = `${row.article_id}|${row.locale}`;
          articles.set(id, row);
          index.add({
            id,
            language: row.locale,
            title: row.title,
            body: row.body_text,
            questions: row.questions,
          });
        }
        return { index, articles, builtAt: now };
      });
    building.catch(() => {
      if (this.built.get(workspaceId) === building) this.built.delete(workspaceId);
    });
    this.built.set(workspaceId, building);
    return building;
  }
}

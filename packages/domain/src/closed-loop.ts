/**
 * Closing the loop (docs/decisions/007-closed-loop.md): alert rules turn unhappy answers and
 * bad interactions into follow-up cases. This module holds the pure parts: the root-cause
 * codes and their labels, the case life cycle, and `ruleMatches`, the one function that
 * decides whether a record triggers a rule. No I/O.
 */
import type { AlertCondition, AlertRuleSpec } from './schemas/closed-loop.ts';

// ── root causes ─────────────────────────────────────────────────────────────────────────
/** A fixed list, so the Pareto of root causes compares like with like across teams. */
export const ROOT_CAUSES = [
  'wait',
  'staff',
  'product',
  'delivery',
  'price',
  'billing',
  'website',
  'app',
  'information',
  'other',
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

export const ROOT_CAUSE_LABELS: Record<RootCause, { en: string; fr: string }> = {
  wait: { en: 'Waiting time', fr: 'Temps d’attente' },
  staff: { en: 'Staff behaviour or skills', fr: 'Accueil ou compétence du personnel' },
  product: { en: 'Product quality', fr: 'Qualité du produit' },
  delivery: { en: 'Delivery', fr: 'Livraison' },
  price: { en: 'Price', fr: 'Prix' },
  billing: { en: 'Billing and payment', fr: 'Facturation et paiement' },
  website: { en: 'Website', fr: 'Site web' },
  app: { en: 'Mobile app', fr: 'Application mobile' },
  information: { en: 'Missing or wrong information', fr: 'Information absente ou erronée' },
  other: { en: 'Other', fr: 'Autre' },
};

// ── cases ───────────────────────────────────────────────────────────────────────────────
export const CASE_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Allowed status changes. A case can be closed straight from open (a quick call settles it)
 * and handed back (in progress → open); a closed case is final: a new complaint makes a new
 * case, and time to close never moves once counted.
 */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['in_progress', 'closed'],
  in_progress: ['open', 'closed'],
  closed: [],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return from === to || CASE_TRANSITIONS[from].includes(to);
}

/** Open and past its due time. */
export function isOverdue(c: { status: string; due_at: number }, now: number): boolean {
  return c.status !== 'closed' && c.due_at < now;
}

/** kpis.md, follow-up rate: closed, and no later than its due time. */
export function closedInTime(c: { status: string; due_at: number; closed_at: number | null }): boolean {
  return c.status === 'closed' && c.closed_at !== null && c.closed_at <= c.due_at;
}

export const RULE_TARGETS = ['feedback', 'interaction'] as const;
export type RuleTarget = (typeof RULE_TARGETS)[number];

/** What the webhooks can subscribe to (the case history has a few more kinds). */
export const WEBHOOK_EVENTS = [
  'case.created',
  'case.assigned',
  'case.status_changed',
  'case.closed',
  'case.overdue',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const CASE_EVENT_TYPES = [...WEBHOOK_EVENTS, 'case.updated', 'case.note_added'] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** In-app notifications: a new case in my team, a case assigned to me, a case of mine overdue. */
export const NOTIFICATION_TYPES = ['case.created', 'case.assigned', 'case.overdue'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

// ── conditions ──────────────────────────────────────────────────────────────────────────
export const CONDITION_KINDS = [
  'score_at_most',
  'not_satisfied',
  'comment_contains',
  'wait_over_minutes',
  'interaction_kind',
  'abandoned',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/**
 * The highest score of each survey that is not a satisfied answer (kpi-decisions.md): an NPS
 * detractor (0–6; passives are not unhappy), a CSAT answer outside the top box (1–3), a CES
 * answer outside "easy" (1–4), the complements of the KPIs' own good sides.
 */
export const NOT_SATISFIED_AT_MOST = { nps: 6, csat: 3, ces: 4 } as const;

/** Which records a condition can be asked of. */
export const CONDITION_TARGET: Record<ConditionKind, RuleTarget> = {
  score_at_most: 'feedback',
  not_satisfied: 'feedback',
  comment_contains: 'feedback',
  wait_over_minutes: 'interaction',
  interaction_kind: 'interaction',
  abandoned: 'interaction',
};

/**
 * Lower case, accents and ligatures folded: "Attente", "ATTENTE" and "attênte" all read
 * "attente"; "cœur" reads "coeur".
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss');
}

const WORD_CHARS = /[\p{L}\p{N}]+/gu;

/** The letters-and-digits runs of a word or phrase, folded: what a comment word must match. */
export function wordParts(word: string): string[] {
  return foldText(word).match(WORD_CHARS) ?? [];
}

const compiled = new WeakMap<readonly string[], RegExp>();

/**
 * One pattern for a list of words: each word (or phrase) matches whole words of the
 * comment, accent- and case-insensitively; a trailing `*` makes it a prefix ("rembours*"
 * matches "remboursement"). Punctuation and spacing between the words of a phrase do not
 * matter ("trop long" matches "trop… long").
 */
export function wordsPattern(words: readonly string[]): RegExp {
  let re = compiled.get(words);
  if (re) return re;
  const alternatives = words.flatMap((w) => {
    const parts = wordParts(w);
    if (parts.length === 0) return [];
    const prefix = w.trim().endsWith('*');
    return [`${parts.join('[^\\p{L}\\p{N}]+')}${prefix ? '' : '(?![\\p{L}\\p{N}])'}`];
  });
  re =
    alternatives.length === 0 ? /(?!)/u : new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'u');
  compiled.set(words, re);
  return re;
}

export function commentContains(comment: string | null, words: readonly string[]): boolean {
  if (!comment) return false;
  return wordsPattern(words).test(foldText(comment));
}

// ── matching ────────────────────────────────────────────────────────────────────────────
/** The fields of a record that rules read. */
export type MatchableRecord =
  | {
      type: 'feedback';
      touchpoint_id: string;
      team_id: string;
      survey: string;
      score: number;
      comment: string | null;
    }
  | {
      type: 'interaction';
      touchpoint_id: string;
      team_id: string;
      kind: string;
      wait_seconds: number | null;
      abandoned: boolean | null;
    };

/** What a record does not carry itself: its touchpoint's stage and its customer's segment. */
export type MatchContext = { stage: string | null; segment: string | null };

function conditionHolds(c: AlertCondition, r: MatchableRecord): boolean {
  switch (c.kind) {
    case 'score_at_most':
      return r.type === 'feedback' && r.survey === c.survey && r.score <= c.score;
    case 'not_satisfied': {
      if (r.type !== 'feedback') return false;
      const most = (NOT_SATISFIED_AT_MOST as Record<string, number | undefined>)[r.survey];
      return most !== undefined && r.score <= most;
    }
    case 'comment_contains':
      return r.type === 'feedback' && commentContains(r.comment, c.words);
    case 'wait_over_minutes':
      return r.type === 'interaction' && r.wait_seconds !== null && r.wait_seconds > c.minutes * 60;
    case 'interaction_kind':
      return r.type === 'interaction' && c.kinds.includes(r.kind);
    case 'abandoned':
      return r.type === 'interaction' && r.abandoned === true;
  }
}

/**
 * Whether a record triggers a rule: it is of the rule's target, lies inside every narrowing
 * the rule has (touchpoints, stages, teams, segments: absent means any), and every
 * condition holds. Inactive rules are the caller's business (they are never loaded).
 */
export function ruleMatches(rule: AlertRuleSpec, record: MatchableRecord, context: MatchContext): boolean {
  if (record.type !== rule.target) return false;
  if (rule.touchpoint_ids && !rule.touchpoint_ids.includes(record.touchpoint_id)) return false;
  if (rule.team_ids && !rule.team_ids.includes(record.team_id)) return false;
  if (rule.stages && (context.stage === null || !(rule.stages as readonly string[]).includes(context.stage)))
    return false;
  if (rule.segments && (context.segment === null || !rule.segments.includes(context.segment))) return false;
  return rule.conditions.every((c) => conditionHolds(c, record));
}

/** A one-line description of a record for a case queue: "NPS 3 · “Attente trop longue…”". */
export function caseSummary(record: MatchableRecord | null, maxComment = 120): string {
  if (!record) return '';
  if (record.type === 'feedback') {
    const head = `${record.survey.toUpperCase()} ${record.score}`;
    if (!record.comment) return head;
    const text = record.comment.replace(/\s+/g, ' ').trim();
    return `${head} · “${text.length > maxComment ? `${text.slice(0, maxComment - 1)}…` : text}”`;
  }
  const parts = [record.kind];
  if (record.wait_seconds !== null) parts.push(`wait ${Math.round(record.wait_seconds / 60)} min`);
  if (record.abandoned) parts.push('abandoned');
  return parts.join(' · ');
}

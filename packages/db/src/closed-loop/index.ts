export { isDetractor, isFollowedUp } from './case-kpis.ts';
export {
  addCaseNote,
  type CaseActor,
  drillClosedCases,
  getCase,
  listCases,
  rootCausePareto,
  sweepOverdueCases,
  updateCase,
} from './cases.ts';
export { demoFraction, settleDemoCases } from './demo-history.ts';
export { webhookCase } from './events.ts';
export { applyAlertRules, backfillRule } from './matching.ts';
export { listNotifications, markNotificationsRead } from './notifications.ts';
export {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDeliveries,
  recordAttempt,
  releaseClaims,
} from './outbox.ts';
export { createRule, deleteRule, getRule, listRules, updateRule } from './rules.ts';
export type * from './tables.ts';
export { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from './webhooks.ts';

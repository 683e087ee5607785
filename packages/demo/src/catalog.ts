/**
 * The organisation of the demo company: five departments, their teams and about thirty
 * touchpoints, each with the behaviour the simulation gives it.
 */
import type { ZDepartmentRecord, ZTeamRecord, ZTouchpointRecord } from '@parcours/domain';
import type { z } from 'zod';

export type DepartmentInput = z.input<typeof ZDepartmentRecord>;
export type TeamInput = z.input<typeof ZTeamRecord>;
export type TouchpointInput = z.input<typeof ZTouchpointRecord>;

export const DEPARTMENTS: DepartmentInput[] = [
  { id: 'marketing', name: 'Marketing' },
  { id: 'ventes', name: 'Ventes' },
  { id: 'service-client', name: 'Service client' },
  { id: 'apres-vente', name: 'Après-vente' },
  { id: 'it', name: 'IT' },
];

export const TEAMS: TeamInput[] = [
  { id: 'mkt-acquisition', name: 'Acquisition digitale', department_id: 'marketing' },
  { id: 'mkt-marque', name: 'Marque et communication', department_id: 'marketing' },
  { id: 'mkt-crm', name: 'CRM et fidélisation', department_id: 'marketing' },
  { id: 'ventes-boutiques', name: 'Conseillers boutique', department_id: 'ventes' },
  { id: 'ventes-ecommerce', name: 'E-commerce', department_id: 'ventes' },
  { id: 'ventes-pro', name: 'Ventes entreprises', department_id: 'ventes' },
  { id: 'sc-lyon', name: "Centre d'appels Lyon", department_id: 'service-client' },
  { id: 'sc-chat', name: 'Support chat', department_id: 'service-client' },
  { id: 'sc-ecrit', name: 'Relation client écrite', department_id: 'service-client' },
  { id: 'sav-reparations', name: 'SAV Réparations', department_id: 'apres-vente' },
  { id: 'sav-retours', name: 'Retours et remboursements', department_id: 'apres-vente' },
  { id: 'sav-livraison', name: 'Suivi des livraisons', department_id: 'apres-vente' },
  { id: 'it-web', name: 'Plateforme web', department_id: 'it' },
  { id: 'it-mobile', name: 'Applications mobiles', department_id: 'it' },
];

/** How a touchpoint's interactions look: decides kinds and measures. */
export type Behavior =
  | 'ad' // an ad impression or click: visits, `converted` for digital ads
  | 'media' // press, TV, word of mouth, events: visits
  | 'browse' // web site, comparison sites: visits, `converted`
  | 'review' // review platforms: visits
  | 'store' // shops: visits, purchases, returns, a few contacts with a wait
  | 'checkout' // web or app checkout: purchase or abandoned cart
  | 'sales' // B2B sales calls: contacts and purchases
  | 'app' // mobile app usage
  | 'self' // customer area, delivery tracking: visits, some contacts/complaints
  | 'notify' // SMS, newsletter, mailings: visits
  | 'phone' // call centre
  | 'chat' // live chat
  | 'bot' // virtual assistant
  | 'email' // e-mail
  | 'mail' // paper mail
  | 'workshop' // repair workshop (physical)
  | 'returns'; // returns and refunds

/** hours of the day (UTC, i.e. Paris time minus one hour in winter) */
export type HourProfile = 'store' | 'office' | 'digital' | 'media';

export type SurveyMix = { rate: number; nps: number; csat: number; ces: number };

export type TouchpointSpec = TouchpointInput & {
  status: 'emerging' | 'active' | 'declining' | 'retired';
  behavior: Behavior;
  /** share of all interactions (relative weight) */
  weight: number;
  hours: HourProfile;
  /** weight multiplier on Saturday and Sunday */
  saturday: number;
  sunday: number;
  /** how strongly the yearly seasonality moves this touchpoint (0 = not at all) */
  seasonal: number;
  /** latent satisfaction, 0–1 */
  quality: number;
  /** transactional survey: answer rate and the mix of surveys */
  survey: SurveyMix | null;
  /** digital ads: click-through conversion rate */
  conversion?: number;
};

const noSurvey = null;

export const TOUCHPOINTS: TouchpointSpec[] = [
  // ── awareness ─────────────────────────────────────────────────────────────────────────
  tp('tp-google-ads', 'Google Ads', 'search', 'awareness', 'paid', 'digital', 'mkt-acquisition', {
    behavior: 'ad',
    weight: 6,
    hours: 'digital',
    seasonal: 1.2,
    quality: 0.7,
    survey: noSurvey,
    conversion: 0.052,
  }),
  tp(
    'tp-publicite-reseaux',
    'Publicité réseaux sociaux',
    'social',
    'awareness',
    'paid',
    'digital',
    'mkt-acquisition',
    {
      behavior: 'ad',
      weight: 3,
      hours: 'digital',
      seasonal: 1.1,
      quality: 0.7,
      survey: noSurvey,
      conversion: 0.028,
    },
  ),
  tp('tp-publicite-tv', 'Publicité TV', 'tv', 'awareness', 'paid', 'physical', 'mkt-marque', {
    behavior: 'media',
    weight: 3,
    hours: 'media',
    seasonal: 1.4,
    quality: 0.7,
    survey: noSurvey,
  }),
  tp('tp-affichage', 'Affichage urbain', 'display', 'awareness', 'paid', 'physical', 'mkt-marque', {
    behavior: 'media',
    weight: 2,
    hours: 'media',
    seasonal: 1,
    quality: 0.7,
    survey: noSurvey,
  }),
  tp('tp-reseaux-sociaux', 'Réseaux sociaux', 'social', 'awareness', 'earned', 'digital', 'mkt-marque', {
    behavior: 'media',
    weight: 5,
    hours: 'digital',
    seasonal: 0.6,
    quality: 0.74,
    survey: { rate: 0.05, nps: 1, csat: 0, ces: 0 },
  }),
  tp('tp-presse', 'Presse', 'press', 'awareness', 'earned', 'physical', 'mkt-marque', {
    behavior: 'media',
    weight: 1,
    hours: 'media',
    seasonal: 0.3,
    quality: 0.75,
    survey: noSurvey,
  }),
  tp(
    'tp-bouche-a-oreille',
    'Bouche-à-oreille',
    'word_of_mouth',
    'awareness',
    'earned',
    'physical',
    'mkt-marque',
    {
      behavior: 'media',
      weight: 2,
      hours: 'media',
      seasonal: 0.5,
      quality: 0.86,
      survey: { rate: 0.12, nps: 1, csat: 0, ces: 0 },
    },
  ),
  tp('tp-salons', 'Salons et événements', 'event', 'awareness', 'owned', 'physical', 'mkt-marque', {
    status: 'declining',
    behavior: 'media',
    weight: 0.8,
    hours: 'store',
    saturday: 1.6,
    sunday: 1.2,
    seasonal: 0.4,
    quality: 0.8,
    survey: { rate: 0.25, nps: 1, csat: 0, ces: 0 },
  }),
  // ── consideration ─────────────────────────────────────────────────────────────────────
  tp('tp-site-web', 'Site web', 'web', 'consideration', 'owned', 'digital', 'it-web', {
    behavior: 'browse',
    weight: 10,
    hours: 'digital',
    seasonal: 1,
    quality: 0.76,
    survey: { rate: 0.12, nps: 0.4, csat: 0, ces: 0.6 },
    conversion: 0.11,
  }),
  tp(
    'tp-comparateurs',
    'Comparateurs',
    'comparison',
    'consideration',
    'earned',
    'digital',
    'mkt-acquisition',
    {
      behavior: 'browse',
      weight: 3,
      hours: 'digital',
      seasonal: 1.2,
      quality: 0.72,
      survey: { rate: 0.05, nps: 1, csat: 0, ces: 0 },
      conversion: 0.075,
    },
  ),
  tp('tp-avis-google', 'Avis Google', 'review', 'consideration', 'earned', 'digital', 'mkt-marque', {
    behavior: 'review',
    weight: 3,
    hours: 'digital',
    seasonal: 0.8,
    quality: 0.74,
    survey: { rate: 0.2, nps: 1, csat: 0, ces: 0 },
  }),
  tp('tp-catalogue-papier', 'Catalogue papier', 'mailing', 'consideration', 'owned', 'physical', 'mkt-crm', {
    status: 'retired',
    behavior: 'notify',
    weight: 1.2,
    hours: 'media',
    seasonal: 1.5,
    quality: 0.72,
    survey: noSurvey,
  }),
  // ── purchase ──────────────────────────────────────────────────────────────────────────
  tp('tp-boutique-paris', 'Boutique Paris', 'store', 'purchase', 'owned', 'physical', 'ventes-boutiques', {
    behavior: 'store',
    weight: 5,
    hours: 'store',
    saturday: 1.7,
    sunday: 0.35,
    seasonal: 1.3,
    quality: 0.84,
    survey: { rate: 0.3, nps: 0.5, csat: 0.5, ces: 0 },
  }),
  tp('tp-boutique-lyon', 'Boutique Lyon', 'store', 'purchase', 'owned', 'physical', 'ventes-boutiques', {
    behavior: 'store',
    weight: 3.5,
    hours: 'store',
    saturday: 1.7,
    sunday: 0,
    seasonal: 1.3,
    quality: 0.8,
    survey: { rate: 0.3, nps: 0.5, csat: 0.5, ces: 0 },
  }),
  tp(
    'tp-boutique-bordeaux',
    'Boutique Bordeaux',
    'store',
    'purchase',
    'owned',
    'physical',
    'ventes-boutiques',
    {
      status: 'emerging',
      behavior: 'store',
      weight: 2.2,
      hours: 'store',
      saturday: 1.7,
      sunday: 0,
      seasonal: 1.3,
      quality: 0.87,
      survey: { rate: 0.32, nps: 0.5, csat: 0.5, ces: 0 },
    },
  ),
  tp('tp-commande-en-ligne', 'Commande en ligne', 'web', 'purchase', 'owned', 'digital', 'ventes-ecommerce', {
    behavior: 'checkout',
    weight: 6,
    hours: 'digital',
    seasonal: 1.5,
    quality: 0.78,
    survey: { rate: 0.32, nps: 0.5, csat: 0.3, ces: 0.2 },
  }),
  tp('tp-achat-application', "Achat dans l'application", 'app', 'purchase', 'owned', 'digital', 'it-mobile', {
    behavior: 'checkout',
    weight: 3,
    hours: 'digital',
    seasonal: 1.4,
    quality: 0.82,
    survey: { rate: 0.3, nps: 0.5, csat: 0, ces: 0.5 },
  }),
  tp('tp-commerciaux', 'Commerciaux entreprises', 'phone', 'purchase', 'owned', 'physical', 'ventes-pro', {
    behavior: 'sales',
    weight: 0.8,
    hours: 'office',
    saturday: 0,
    sunday: 0,
    seasonal: 0.3,
    quality: 0.82,
    survey: { rate: 0.3, nps: 0.6, csat: 0.4, ces: 0 },
  }),
  // ── usage ─────────────────────────────────────────────────────────────────────────────
  tp('tp-application-mobile', 'Application mobile', 'app', 'usage', 'owned', 'digital', 'it-mobile', {
    behavior: 'app',
    weight: 8,
    hours: 'digital',
    seasonal: 0.6,
    quality: 0.8,
    survey: { rate: 0.12, nps: 0.5, csat: 0, ces: 0.5 },
  }),
  tp('tp-espace-client', 'Espace client', 'web', 'usage', 'owned', 'digital', 'it-web', {
    behavior: 'self',
    weight: 4,
    hours: 'digital',
    seasonal: 0.5,
    quality: 0.76,
    survey: { rate: 0.1, nps: 0, csat: 0.3, ces: 0.7 },
  }),
  tp('tp-sms', 'SMS', 'sms', 'usage', 'owned', 'digital', 'mkt-crm', {
    behavior: 'notify',
    weight: 2.5,
    hours: 'digital',
    seasonal: 1,
    quality: 0.8,
    survey: { rate: 0.03, nps: 0, csat: 1, ces: 0 },
  }),
  tp('tp-suivi-livraison', 'Suivi de livraison', 'web', 'usage', 'owned', 'digital', 'sav-livraison', {
    behavior: 'self',
    weight: 3,
    hours: 'digital',
    seasonal: 1.3,
    quality: 0.76,
    survey: { rate: 0.12, nps: 0, csat: 1, ces: 0 },
  }),
  // ── service ───────────────────────────────────────────────────────────────────────────
  tp('tp-centre-appels', "Centre d'appels", 'phone', 'service', 'owned', 'physical', 'sc-lyon', {
    behavior: 'phone',
    weight: 5,
    hours: 'office',
    saturday: 0.45,
    sunday: 0,
    seasonal: 0.6,
    quality: 0.83,
    survey: { rate: 0.55, nps: 0, csat: 0.7, ces: 0.3 },
  }),
  tp('tp-chat', 'Chat en ligne', 'chat', 'service', 'owned', 'digital', 'sc-chat', {
    behavior: 'chat',
    weight: 3,
    hours: 'office',
    saturday: 0.7,
    sunday: 0.3,
    seasonal: 0.6,
    quality: 0.8,
    survey: { rate: 0.5, nps: 0, csat: 0.7, ces: 0.3 },
  }),
  tp('tp-assistant-virtuel', 'Assistant virtuel', 'chat', 'service', 'owned', 'digital', 'it-web', {
    status: 'emerging',
    behavior: 'bot',
    weight: 1.8,
    hours: 'digital',
    seasonal: 0.6,
    quality: 0.72,
    survey: { rate: 0.3, nps: 0, csat: 0.4, ces: 0.6 },
  }),
  tp('tp-email', 'E-mail', 'email', 'service', 'owned', 'digital', 'sc-ecrit', {
    behavior: 'email',
    weight: 2,
    hours: 'digital',
    seasonal: 0.5,
    quality: 0.8,
    survey: { rate: 0.4, nps: 0, csat: 1, ces: 0 },
  }),
  tp('tp-atelier-sav', 'Atelier SAV', 'store', 'service', 'owned', 'physical', 'sav-reparations', {
    behavior: 'workshop',
    weight: 1.2,
    hours: 'store',
    saturday: 1.2,
    sunday: 0,
    seasonal: 0.4,
    quality: 0.86,
    survey: { rate: 0.5, nps: 0.4, csat: 0.6, ces: 0 },
  }),
  tp('tp-retours', 'Retours et remboursements', 'web', 'service', 'owned', 'digital', 'sav-retours', {
    behavior: 'returns',
    weight: 1.5,
    hours: 'digital',
    seasonal: 0.8,
    quality: 0.8,
    survey: { rate: 0.5, nps: 0, csat: 0.6, ces: 0.4 },
  }),
  tp('tp-courrier', 'Courrier', 'mailing', 'service', 'owned', 'physical', 'sc-ecrit', {
    status: 'declining',
    behavior: 'mail',
    weight: 0.5,
    hours: 'office',
    saturday: 0.3,
    sunday: 0,
    seasonal: 0.2,
    quality: 0.7,
    survey: { rate: 0.3, nps: 0, csat: 1, ces: 0 },
  }),
  // ── loyalty ───────────────────────────────────────────────────────────────────────────
  tp('tp-newsletter', 'Newsletter', 'email', 'loyalty', 'owned', 'digital', 'mkt-crm', {
    behavior: 'notify',
    weight: 4,
    hours: 'digital',
    seasonal: 0.8,
    quality: 0.75,
    survey: { rate: 0.03, nps: 1, csat: 0, ces: 0 },
  }),
  tp('tp-programme-fidelite', 'Programme de fidélité', 'app', 'loyalty', 'owned', 'digital', 'mkt-crm', {
    behavior: 'notify',
    weight: 2.5,
    hours: 'digital',
    seasonal: 0.8,
    quality: 0.8,
    survey: { rate: 0.05, nps: 0, csat: 1, ces: 0 },
  }),
  tp('tp-trustpilot', 'Trustpilot', 'review', 'loyalty', 'earned', 'digital', 'mkt-marque', {
    behavior: 'review',
    weight: 1,
    hours: 'digital',
    seasonal: 0.8,
    quality: 0.72,
    survey: { rate: 0.2, nps: 1, csat: 0, ces: 0 },
  }),
  tp('tp-parrainage', 'Parrainage', 'web', 'loyalty', 'owned', 'digital', 'mkt-crm', {
    behavior: 'notify',
    weight: 0.8,
    hours: 'digital',
    seasonal: 0.8,
    quality: 0.86,
    survey: { rate: 0.15, nps: 1, csat: 0, ces: 0 },
  }),
  tp('tp-mailing-postal', 'Mailing postal', 'mailing', 'loyalty', 'paid', 'physical', 'mkt-crm', {
    status: 'declining',
    behavior: 'notify',
    weight: 1.2,
    hours: 'media',
    seasonal: 1.2,
    quality: 0.7,
    survey: noSurvey,
  }),
];

/** where relational NPS surveys are recorded */
export const RELATIONAL_TOUCHPOINT = 'tp-programme-fidelite';

type Traits = Omit<
  TouchpointSpec,
  'id' | 'name' | 'channel' | 'stage' | 'media' | 'presence' | 'team_id' | 'status' | 'saturday' | 'sunday'
> &
  Partial<Pick<TouchpointSpec, 'status' | 'saturday' | 'sunday'>>;

function tp(
  id: string,
  name: string,
  channel: string,
  stage: TouchpointSpec['stage'],
  media: TouchpointSpec['media'],
  presence: TouchpointSpec['presence'],
  team_id: string,
  traits: Traits,
): TouchpointSpec {
  const { status = 'active', saturday = 1.05, sunday = 0.75, ...rest } = traits;
  return { id, name, channel, stage, media, presence, team_id, status, saturday, sunday, ...rest };
}

/** The public touchpoint record (without the simulation traits). */
export function touchpointRecord(t: TouchpointSpec): TouchpointInput {
  return {
    id: t.id,
    name: t.name,
    channel: t.channel,
    stage: t.stage,
    media: t.media,
    presence: t.presence,
    team_id: t.team_id,
    status: t.status,
  };
}

/** Hourly weights (UTC hours 0–23). */
export const HOUR_WEIGHTS: Record<HourProfile, number[]> = {
  store: [0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 6, 8, 9, 8, 8, 10, 11, 10, 7, 0, 0, 0, 0, 0],
  office: [0, 0, 0, 0, 0, 0, 0, 6, 10, 11, 10, 7, 7, 9, 10, 9, 8, 6, 3, 0, 0, 0, 0, 0],
  digital: [2, 1, 0.6, 0.4, 0.4, 0.8, 2, 4, 6, 7, 7, 8, 9, 8, 7, 7, 7, 8, 10, 11, 10, 8, 6, 3.5],
  media: [0.5, 0.2, 0, 0, 0, 0.3, 2, 5, 6, 5, 4, 4, 5, 5, 4, 4, 5, 6, 8, 10, 10, 7, 4, 2],
};

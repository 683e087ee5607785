/**
 * The day-by-day simulation. Each day draws its volume (growth × weekday × season), picks
 * active customers and touchpoints, and simulates every interaction and the survey answer it
 * may get. Every day has its own PRNG stream (seed, day), so a pass can start at any day
 * and produce exactly the records a full pass produces from that day on (ids aside).
 */
import type { ZFeedbackRecord, ZInteractionRecord } from '@parcours/domain';
import type { z } from 'zod';
import { DAY, HOUR, IsoFormatter, MINUTE, SECOND, seasonOf, toSecond, WEEKDAY_WEIGHTS } from './calendar.ts';
import { HOUR_WEIGHTS, type HourProfile, RELATIONAL_TOUCHPOINT, TEAMS, TOUCHPOINTS } from './catalog.ts';
import { buildComment, type CommentContext, type Sentiment } from './comments.ts';
import type { CustomerTable } from './people.ts';
import { clamp, cumulative, hashSeed, Rng } from './random.ts';

export type InteractionInput = z.input<typeof ZInteractionRecord>;
export type FeedbackInput = z.input<typeof ZFeedbackRecord>;

export type SimulationOptions = {
  seed: number;
  startMs: number;
  endMs: number;
  days: number;
  interactions: number;
};

/** One simulated day: its records in chronological order, with a few internal facts. */
export type DayOutput = {
  day: number;
  interactions: InteractionInput[];
  /** index in TOUCHPOINTS and in TEAMS (the team that handled it) of each interaction */
  interactionTouchpoint: number[];
  interactionTeam: number[];
  occurredMs: number[];
  /** NaN where the interaction is not resolved (before the end of the data) */
  resolvedMs: number[];
  /** the answers submitted that day (possibly to interactions of earlier days) */
  feedback: FeedbackInput[];
  feedbackTouchpoint: number[];
  feedbackTeam: number[];
  submittedMs: number[];
};

// ── the stories the dashboard should tell ─────────────────────────────────────────────────
/** the call centre degrades over the last 90 days (three weeks of ramp) */
const CALL_CENTRE_DEGRADES_DAYS = 90;
/** the mobile app's release, 75 days before the end, brings bugs and complaints */
const APP_RELEASE_DAYS = 75;
/** the chat team improves over the year */
const CHAT_IMPROVES_DAYS = 330;
const LAUNCH_DAYS: Record<string, number> = { 'tp-boutique-bordeaux': 210, 'tp-assistant-virtuel': 140 };
const RETIRE_DAYS = 240;
/** churning customers complain more in their last weeks */
const CHURN_SIGNAL_MS = 45 * DAY;

/** touchpoint affinity per segment: Particulier, Professionnel, Premium, Jeune */
const AFFINITY: Record<string, [number, number, number, number]> = {
  'tp-commerciaux': [0.05, 12, 0.3, 0],
  'tp-application-mobile': [1, 0.6, 1.1, 1.8],
  'tp-achat-application': [1, 0.4, 1, 1.8],
  'tp-reseaux-sociaux': [1, 0.4, 0.8, 2.2],
  'tp-publicite-reseaux': [1, 0.3, 0.8, 2],
  'tp-boutique-paris': [1, 0.5, 1.6, 0.7],
  'tp-boutique-lyon': [1, 0.5, 1.6, 0.7],
  'tp-boutique-bordeaux': [1, 0.5, 1.6, 0.7],
  'tp-centre-appels': [1, 1.4, 1.3, 0.5],
  'tp-chat': [1, 1, 0.9, 1.4],
  'tp-email': [1, 1.6, 1, 0.8],
  'tp-courrier': [1, 1.2, 0.8, 0.15],
  'tp-mailing-postal': [1, 0.5, 1.2, 0.3],
  'tp-catalogue-papier': [1, 0.5, 1.2, 0.3],
  'tp-programme-fidelite': [1, 0.5, 2, 0.8],
  'tp-publicite-tv': [1, 0.5, 0.8, 0.6],
};
const SEGMENT_REVENUE = [1, 1.6, 2.1, 0.7];
const SEGMENT_MOOD = [0, -0.01, -0.03, 0.02];
/** median basket per touchpoint (euros) */
const BASKET: Record<string, number> = {
  'tp-boutique-paris': 82,
  'tp-boutique-lyon': 74,
  'tp-boutique-bordeaux': 76,
  'tp-commande-en-ligne': 62,
  'tp-achat-application': 48,
  'tp-commerciaux': 850,
};
/** overall survey answer rate multiplier (tuned so that about a quarter of interactions get one) */
const RESPONSE_SCALE = 1.5;
/** relational NPS answers per interaction of the day */
const RELATIONAL_RATE = 0.03;

const T = TOUCHPOINTS.length;
const TEAM_INDEX = new Map(TEAMS.map((t, i) => [t.id, i]));
const teamIndex = (id: string): number => TEAM_INDEX.get(id) as number;
const OWNER = TOUCHPOINTS.map((t) => teamIndex(t.team_id));
const TP_INDEX = new Map(TOUCHPOINTS.map((t, i) => [t.id, i]));
const tpIndex = (id: string): number => TP_INDEX.get(id) as number;
const HOUR_CUM: Record<HourProfile, Float64Array> = {
  store: cumulative(HOUR_WEIGHTS.store),
  office: cumulative(HOUR_WEIGHTS.office),
  digital: cumulative(HOUR_WEIGHTS.digital),
  media: cumulative(HOUR_WEIGHTS.media),
};
const TP_CALL = tpIndex('tp-centre-appels');
const TP_CHAT = tpIndex('tp-chat');
const TP_APP = tpIndex('tp-application-mobile');
const TP_APP_BUY = tpIndex('tp-achat-application');
const TP_DELIVERY = tpIndex('tp-suivi-livraison');
const TP_RETURNS = tpIndex('tp-retours');
const TP_RELATIONAL = tpIndex(RELATIONAL_TOUCHPOINT);
const TEAM_SC_ECRIT = teamIndex('sc-ecrit');
const TEAM_SC_LYON = teamIndex('sc-lyon');
const TEAM_SAV_REPARATIONS = teamIndex('sav-reparations');
const TEAM_SAV_RETOURS = teamIndex('sav-retours');

type Pending = { ms: number; seq: number; record: FeedbackInput; tp: number; team: number };

/** A binary min-heap of pending answers ordered by (submission time, creation order). */
class AnswerQueue {
  private readonly items: Pending[] = [];
  get size(): number {
    return this.items.length;
  }
  private less(a: Pending, b: Pending): boolean {
    return a.ms < b.ms || (a.ms === b.ms && a.seq < b.seq);
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  push(p: Pending): void {
    const h = this.items;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i] as Pending, h[parent] as Pending)) break;
      [h[i], h[parent]] = [h[parent] as Pending, h[i] as Pending];
      i = parent;
    }
  }
  pop(): Pending | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l] as Pending, h[m] as Pending)) m = l;
        if (r < h.length && this.less(h[r] as Pending, h[m] as Pending)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Pending, h[i] as Pending];
        i = m;
      }
    }
    return top;
  }
}

/** Per-interaction facts the answer model reads. */
type Facts = {
  kind: string;
  wait: number | null;
  abandoned: boolean;
  resolvedMs: number;
};

export class Simulation {
  readonly dayCounts: Int32Array;
  private readonly season: Float64Array;
  private readonly dow: Uint8Array;
  /** customers joining / leaving the active pool at the start of each day (CSR) */
  private readonly joinStart: Int32Array;
  private readonly joinList: Int32Array;
  private readonly leaveStart: Int32Array;
  private readonly leaveList: Int32Array;
  private readonly leaveDay: Float64Array;

  constructor(
    readonly options: SimulationOptions,
    readonly customers: CustomerTable,
  ) {
    const { days, startMs } = options;
    this.season = new Float64Array(days);
    this.dow = new Uint8Array(days);
    const weights = new Float64Array(days);
    const noise = new Rng(hashSeed(options.seed, 0x5ea5));
    let total = 0;
    for (let d = 0; d < days; d++) {
      const dayMs = startMs + d * DAY;
      this.season[d] = seasonOf(dayMs);
      this.dow[d] = new Date(dayMs).getUTCDay();
      const growth = 1 + (0.32 * d) / 365;
      const w =
        growth *
        (WEEKDAY_WEIGHTS[this.dow[d] as number] as number) *
        (this.season[d] as number) *
        Math.exp(0.07 * noise.normal());
      weights[d] = w;
      total += w;
    }
    // integer counts that add up exactly to the requested total
    this.dayCounts = new Int32Array(days);
    let acc = 0;
    let prev = 0;
    for (let d = 0; d < days; d++) {
      acc += (weights[d] as number) / total;
      const upTo = Math.round(acc * options.interactions);
      this.dayCounts[d] = upTo - prev;
      prev = upTo;
    }

    // the active pool: a customer is drawable on day d when acquired before its start and
    // not churned before its end, so any time of that day lies inside their lifetime
    const n = customers.acquired.length;
    const joinDay = new Float64Array(n);
    this.leaveDay = new Float64Array(n);
    const joinCount = new Int32Array(days + 1);
    const leaveCount = new Int32Array(days + 1);
    for (let c = 0; c < n; c++) {
      const j = Math.max(0, Math.floor(((customers.acquired[c] as number) - startMs) / DAY) + 1);
      const churn = customers.churned[c] as number;
      const l = Number.isFinite(churn) ? Math.floor((churn - startMs) / DAY) : Number.POSITIVE_INFINITY;
      joinDay[c] = j;
      this.leaveDay[c] = l;
      if (j < days && l > j) {
        joinCount[j] = (joinCount[j] as number) + 1;
        if (l < days) leaveCount[l] = (leaveCount[l] as number) + 1;
      }
    }
    this.joinStart = new Int32Array(days + 1);
    this.leaveStart = new Int32Array(days + 1);
    for (let d = 0; d < days; d++) {
      this.joinStart[d + 1] = (this.joinStart[d] as number) + (joinCount[d] as number);
      this.leaveStart[d + 1] = (this.leaveStart[d] as number) + (leaveCount[d] as number);
    }
    this.joinList = new Int32Array(this.joinStart[days] as number);
    this.leaveList = new Int32Array(this.leaveStart[days] as number);
    const jFill = this.joinStart.slice();
    const lFill = this.leaveStart.slice();
    for (let c = 0; c < n; c++) {
      const j = joinDay[c] as number;
      const l = this.leaveDay[c] as number;
      if (j < days && l > j) {
        const jAt = jFill[j] as number;
        this.joinList[jAt] = c;
        jFill[j] = jAt + 1;
        if (l < days) {
          const lAt = lFill[l] as number;
          this.leaveList[lAt] = c;
          lFill[l] = lAt + 1;
        }
      }
    }
  }

  /** Touchpoint weights of day d, cumulated per segment (4 × T). */
  private touchpointWeights(d: number): Float64Array[] {
    const { endMs, startMs } = this.options;
    const dayMs = startMs + d * DAY;
    const dow = this.dow[d] as number;
    const season = this.season[d] as number;
    const date = new Date(dayMs);
    const base = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      const tp = TOUCHPOINTS[t] as (typeof TOUCHPOINTS)[number];
      let w = tp.weight * (dow === 6 ? tp.saturday : dow === 0 ? tp.sunday : 1);
      w *= Math.max(0.02, 1 + tp.seasonal * (season - 1));
      const launch = LAUNCH_DAYS[tp.id];
      if (tp.status === 'emerging' && launch !== undefined) {
        w *= clamp((dayMs - (endMs - launch * DAY)) / (45 * DAY), 0, 1);
      } else if (tp.status === 'declining') {
        w *= 1.6 - 1.2 * clamp((dayMs - (endMs - 730 * DAY)) / (730 * DAY), 0, 1);
      } else if (tp.status === 'retired') {
        w *= clamp((endMs - RETIRE_DAYS * DAY - dayMs) / (30 * DAY), 0, 1);
      }
      if (t === TP_RETURNS && date.getUTCMonth() === 0) w *= 1 + 0.8 * (1 - date.getUTCDate() / 31);
      if (t === TP_APP && dayMs >= endMs - APP_RELEASE_DAYS * DAY) w *= 1.05;
      base[t] = w;
    }
    const out: Float64Array[] = [];
    for (let s = 0; s < 4; s++) {
      const ws: number[] = [];
      for (let t = 0; t < T; t++) {
        const aff = AFFINITY[(TOUCHPOINTS[t] as (typeof TOUCHPOINTS)[number]).id];
        ws.push((base[t] as number) * (aff ? (aff[s] as number) : 1));
      }
      out.push(cumulative(ws));
    }
    return out;
  }

  /**
   * Days from `fromDay` to the end. Ids are numbered from the first day generated, so only
   * a pass from day 0 gives the canonical ids (a later start is for measures only).
   */
  *days(fromDay = 0): Generator<DayOutput> {
    const { seed, startMs, endMs, days } = this.options;
    const cust = this.customers;
    const n = cust.acquired.length;
    const pool = new Int32Array(n);
    const pos = new Int32Array(n).fill(-1);
    let size = 0;
    const add = (c: number) => {
      pool[size] = c;
      pos[c] = size++;
    };
    const remove = (c: number) => {
      const p = pos[c] as number;
      if (p < 0) return;
      const last = pool[--size] as number;
      pool[p] = last;
      pos[last] = p;
      pos[c] = -1;
    };
    const iso = new IsoFormatter();
    const queue = new AnswerQueue();
    let seq = 0;
    let interactionNo = 0;
    let feedbackNo = 0;
    const callDet = (t: number) => clamp((t - (endMs - CALL_CENTRE_DEGRADES_DAYS * DAY)) / (21 * DAY), 0, 1);
    const released = (t: number) => t >= endMs - APP_RELEASE_DAYS * DAY;
    const chatImp = (t: number) => clamp((t - (endMs - CHAT_IMPROVES_DAYS * DAY)) / (150 * DAY), 0, 1);

    for (let d = 0; d < days; d++) {
      for (let k = this.leaveStart[d] as number; k < (this.leaveStart[d + 1] as number); k++)
        remove(this.leaveList[k] as number);
      for (let k = this.joinStart[d] as number; k < (this.joinStart[d + 1] as number); k++)
        add(this.joinList[k] as number);
      if (d < fromDay) continue;

      const rng = new Rng(hashSeed(seed, 0x1d, d));
      const dayMs = startMs + d * DAY;
      const dayEnd = dayMs + DAY;
      const season = this.season[d] as number;
      const load = 1 + 0.5 * Math.max(0, season - 1);
      const count = size > 0 ? (this.dayCounts[d] as number) : 0;
      const segCum = this.touchpointWeights(d);

      const pickCustomer = (): number => {
        for (let tries = 0; tries < 30; tries++) {
          const c = pool[rng.int(size)] as number;
          if (rng.next() < (cust.activity[c] as number)) return c;
        }
        return pool[rng.int(size)] as number;
      };

      // draw who, where and when, then simulate in chronological order
      const whoWhereWhen: { ms: number; c: number; t: number }[] = [];
      for (let k = 0; k < count; k++) {
        const c = pickCustomer();
        const t = rng.pickCumulative(segCum[cust.segment[c] as number] as Float64Array);
        const tp = TOUCHPOINTS[t] as (typeof TOUCHPOINTS)[number];
        const hour = rng.pickCumulative(HOUR_CUM[tp.hours]);
        whoWhereWhen.push({ ms: dayMs + hour * HOUR + rng.int(3600) * SECOND, c, t });
      }
      whoWhereWhen.sort((a, b) => a.ms - b.ms);

      const out: DayOutput = {
        day: d,
        interactions: [],
        interactionTouchpoint: [],
        interactionTeam: [],
        occurredMs: [],
        resolvedMs: [],
        feedback: [],
        feedbackTouchpoint: [],
        feedbackTeam: [],
        submittedMs: [],
      };

      for (const { ms, c, t } of whoWhereWhen) {
        const tp = TOUCHPOINTS[t] as (typeof TOUCHPOINTS)[number];
        const segment = cust.segment[c] as number;
        const churnSoon = (cust.churned[c] as number) - ms < CHURN_SIGNAL_MS;
        const customerId = (cust.records[c] as { id: string }).id;
        interactionNo++;
        const id = `I${String(interactionNo).padStart(7, '0')}`;
        const rec: InteractionInput = {
          id,
          customer_id: customerId,
          touchpoint_id: tp.id,
          occurred_at: iso.format(ms),
          kind: 'visit',
        };
        let team = OWNER[t] as number;
        let wait: number | null = null;
        let abandoned = false;
        let resolved = Number.NaN;
        /** a resolution delay drawn in ms; a few requests are never resolved */
        switch (tp.behavior) {
          case 'ad':
            if (tp.conversion !== undefined) rec.converted = rng.chance(tp.conversion * (0.7 + 0.3 * load));
            break;
          case 'browse':
            if (tp.conversion !== undefined)
              rec.converted = rng.chance(tp.conversion * load * (segment === 2 ? 1.2 : 1));
            if (tp.id === 'tp-site-web' && rng.chance(0.02)) {
              rec.kind = 'contact';
              resolved = resolveAt(rng, ms, rng.lognormal(20 * HOUR, 0.9));
            }
            break;
          case 'store': {
            const x = rng.next();
            const pPurchase = 0.46 * (1 + 0.2 * (season - 1));
            const pComplaint = 0.01 * (churnSoon ? 3 : 1);
            if (x < pPurchase) {
              rec.kind = 'purchase';
              rec.converted = true;
              rec.revenue = revenueOf(rng, tp.id, segment, load);
            } else if (x < pPurchase + 0.06) {
              rec.kind = 'return';
            } else if (x < pPurchase + 0.06 + 0.05 + pComplaint) {
              rec.kind = x < pPurchase + 0.11 ? 'contact' : 'complaint';
              wait = Math.round(Math.min(3600, rng.lognormal(200 * load, 0.6)));
              if (rec.kind === 'contact')
                resolved = resolveAt(rng, ms, wait * SECOND + rng.lognormal(10 * MINUTE, 0.5));
              else resolved = resolveAt(rng, ms, rng.lognormal(3 * DAY, 0.8));
            } else {
              rec.converted = false;
            }
            break;
          }
          case 'checkout': {
            const app = t === TP_APP_BUY;
            const pAbandon = (app ? 0.48 : 0.64) + (app && released(ms) ? 0.12 : 0) - 0.08 * (load - 1);
            abandoned = rng.chance(pAbandon);
            rec.abandoned = abandoned;
            rec.converted = !abandoned;
            if (!abandoned) {
              rec.kind = 'purchase';
              rec.revenue = revenueOf(rng, tp.id, segment, load);
            }
            break;
          }
          case 'sales':
            if (rng.chance(0.42)) {
              rec.kind = 'purchase';
              rec.converted = true;
              rec.revenue = revenueOf(rng, tp.id, segment, load);
            } else {
              rec.kind = 'contact';
              rec.converted = false;
              resolved = resolveAt(rng, ms, rng.lognormal(DAY, 1));
            }
            break;
          case 'app': {
            const rel = released(ms);
            const x = rng.next();
            const pComplaint = 0.02 * (rel ? 4 : 1) * (churnSoon ? 2 : 1);
            const pContact = 0.035 * (rel ? 1.6 : 1);
            if (x < pComplaint) rec.kind = 'complaint';
            else if (x < pComplaint + pContact) rec.kind = 'contact';
            if (rec.kind !== 'visit')
              resolved = resolveAt(rng, ms, rng.lognormal((rel ? 40 : 20) * HOUR, 0.9));
            break;
          }
          case 'self': {
            const delivery = t === TP_DELIVERY;
            const x = rng.next();
            const pComplaint =
              (delivery ? 0.03 * (1 + 1.5 * Math.max(0, season - 1)) : 0.012) * (churnSoon ? 2 : 1);
            const pContact = delivery ? 0.04 : 0.03;
            if (x < pComplaint) rec.kind = 'complaint';
            else if (x < pComplaint + pContact) rec.kind = 'contact';
            if (rec.kind === 'complaint')
              resolved = resolveAt(rng, ms, rng.lognormal((delivery ? 3 : 1.5) * DAY * load, 0.7));
            else if (rec.kind === 'contact') resolved = resolveAt(rng, ms, rng.lognormal(26 * HOUR, 0.9));
            break;
          }
          case 'phone': {
            const det = callDet(ms);
            rec.kind = rng.chance(0.17 * (churnSoon ? 2.2 : 1) * (1 + 0.4 * det)) ? 'complaint' : 'contact';
            wait = Math.round(Math.min(3600, rng.lognormal(140 * (1 + 1.15 * det) * load, 0.65)));
            abandoned = rng.chance(0.015 + 0.85 * (1 - Math.exp(-wait / 2600)));
            rec.abandoned = abandoned;
            if (abandoned) {
              if (rng.chance(0.8 - 0.3 * det))
                resolved = resolveAt(rng, ms, wait * SECOND + rng.lognormal(5 * HOUR, 1));
              else resolved = resolveAt(rng, ms, rng.lognormal(6 * DAY, 0.6));
            } else if (rec.kind === 'contact') {
              if (rng.chance(0.72 - 0.12 * det))
                resolved = resolveAt(rng, ms, wait * SECOND + rng.lognormal(6 * MINUTE, 0.5));
              else resolved = resolveAt(rng, ms, rng.lognormal(30 * HOUR, 0.9));
            } else {
              resolved = resolveAt(rng, ms, rng.lognormal(2.5 * DAY * (1 + 0.5 * det), 0.8));
            }
            if (rng.chance(0.06 + 0.1 * det)) team = TEAM_SC_ECRIT;
            break;
          }
          case 'chat': {
            const imp = chatImp(ms);
            rec.kind = rng.chance(0.13 * (churnSoon ? 2 : 1)) ? 'complaint' : 'contact';
            wait = Math.round(Math.min(1800, rng.lognormal(55 * (1.35 - 0.55 * imp) * load, 0.8)));
            abandoned = rng.chance(0.02 + 0.6 * (1 - Math.exp(-wait / 900)));
            rec.abandoned = abandoned;
            if (abandoned) {
              if (rng.chance(0.6)) resolved = resolveAt(rng, ms, rng.lognormal(20 * HOUR, 0.8));
            } else if (rec.kind === 'contact') {
              if (rng.chance(0.8))
                resolved = resolveAt(rng, ms, wait * SECOND + rng.lognormal(8 * MINUTE, 0.5));
              else resolved = resolveAt(rng, ms, rng.lognormal(20 * HOUR, 0.9));
            } else {
              resolved = resolveAt(rng, ms, rng.lognormal(2 * DAY, 0.8));
            }
            if (rng.chance(0.05)) team = TEAM_SC_LYON;
            break;
          }
          case 'bot':
            rec.kind = 'contact';
            abandoned = rng.chance(0.22);
            rec.abandoned = abandoned;
            if (!abandoned && rng.chance(0.55)) resolved = resolveAt(rng, ms, rng.lognormal(3 * MINUTE, 0.5));
            else resolved = resolveAt(rng, ms, rng.lognormal(26 * HOUR, 0.9));
            break;
          case 'email':
            rec.kind = rng.chance(0.3 * (churnSoon ? 1.6 : 1)) ? 'complaint' : 'contact';
            resolved = resolveAt(
              rng,
              ms,
              rng.lognormal(22 * HOUR * load * (rec.kind === 'complaint' ? 2.5 : 1), 0.9),
            );
            break;
          case 'mail':
            rec.kind = rng.chance(0.45) ? 'complaint' : 'contact';
            resolved = resolveAt(rng, ms, rng.lognormal(6 * DAY, 0.5));
            break;
          case 'workshop': {
            const x = rng.next();
            rec.kind = x < 0.68 ? 'contact' : x < 0.82 ? 'complaint' : 'return';
            if (rec.kind !== 'return') {
              wait = Math.round(Math.min(3600, rng.lognormal(300 * load, 0.6)));
              resolved = resolveAt(rng, ms, rng.lognormal((rec.kind === 'contact' ? 4 : 3) * DAY, 0.7));
            }
            if (rng.chance(0.05)) team = TEAM_SAV_RETOURS;
            break;
          }
          case 'returns':
            rec.kind = rng.chance(0.85) ? 'return' : 'complaint';
            resolved = resolveAt(rng, ms, rng.lognormal((rec.kind === 'return' ? 4 * load : 3) * DAY, 0.6));
            if (rng.chance(0.05)) team = TEAM_SAV_REPARATIONS;
            break;
          default:
            break;
        }
        if (wait !== null) rec.wait_seconds = wait;
        if (resolved >= endMs) resolved = Number.NaN;
        if (!Number.isNaN(resolved)) rec.resolved_at = iso.format(resolved);
        if (team !== OWNER[t]) rec.team_id = (TEAMS[team] as { id: string }).id;

        out.interactions.push(rec);
        out.interactionTouchpoint.push(t);
        out.interactionTeam.push(team);
        out.occurredMs.push(ms);
        out.resolvedMs.push(resolved);

        // ── the survey answer this interaction may get ──────────────────────────────────
        const survey = tp.survey;
        if (survey === null) continue;
        let p = survey.rate * RESPONSE_SCALE;
        if (rec.kind === 'complaint') p *= 1.3;
        if (abandoned) p *= tp.behavior === 'checkout' ? 0.15 : 0.6;
        if (tp.behavior === 'store' && rec.kind === 'visit') p *= 0.4;
        if (!rng.chance(p)) continue;
        const facts: Facts = { kind: rec.kind, wait, abandoned, resolvedMs: resolved };
        const kindIdx = rng.pickWeighted([survey.nps, survey.csat, survey.ces]);
        const surveyKind = kindIdx === 0 ? 'nps' : kindIdx === 1 ? 'csat' : 'ces';
        const quick = !Number.isNaN(resolved) && resolved - ms <= 3 * DAY;
        const from = quick ? resolved : ms + (wait ?? 0) * SECOND;
        const submitted = toSecond(
          from + Math.max(MINUTE, Math.min(5 * DAY, rng.lognormal(2.5 * HOUR, 1.3))),
        );
        if (submitted >= endMs || submitted >= (cust.churned[c] as number)) continue;
        const needsSolving = rec.kind === 'contact' || rec.kind === 'complaint';
        const unresolved = needsSolving && (Number.isNaN(resolved) || resolved > submitted);
        let s = tp.quality + (SEGMENT_MOOD[segment] as number);
        if ((t === TP_APP || t === TP_APP_BUY) && released(ms)) s -= 0.16;
        if (t === TP_CALL) s -= 0.07 * callDet(ms);
        if (t === TP_CHAT) s += 0.06 * chatImp(ms);
        if (t === TP_DELIVERY) s -= 0.1 * Math.max(0, season - 1);
        s += scoreShift(facts, tp.behavior, resolved <= submitted ? resolved - ms : 0);
        if (unresolved) s -= 0.1;
        if (churnSoon) s -= 0.18;
        s += 0.16 * rng.normal();
        const score = scoreOf(surveyKind, s, rng);
        const sentiment = sentimentOf(surveyKind, score);
        const fb: FeedbackInput = {
          id: '',
          customer_id: customerId,
          touchpoint_id: tp.id,
          interaction_id: id,
          submitted_at: iso.format(submitted),
          survey: surveyKind,
          score,
          mode: 'transactional',
        };
        if (rng.chance(COMMENT_RATE[sentiment])) {
          const context: CommentContext = {
            behavior: tp.behavior,
            touchpointId: tp.id,
            kind: rec.kind,
            waitSeconds: wait,
            abandoned,
            unresolved,
            release: released(ms),
            relational: false,
          };
          fb.comment = buildComment(rng, sentiment, context);
        }
        queue.push({ ms: submitted, seq: seq++, record: fb, tp: t, team });
      }

      // ── relational NPS: customers asked about the whole relationship ────────────────────
      if (size > 0) {
        const expected = (this.dayCounts[d] as number) * RELATIONAL_RATE;
        const r = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0);
        const hours = HOUR_CUM.digital;
        for (let k = 0; k < r; k++) {
          const c = pool[rng.int(size)] as number;
          const ms = dayMs + rng.pickCumulative(hours) * HOUR + rng.int(3600) * SECOND;
          const segment = cust.segment[c] as number;
          const churnSoon = (cust.churned[c] as number) - ms < CHURN_SIGNAL_MS;
          let s = 0.75 + (SEGMENT_MOOD[segment] as number) - 0.05 * callDet(ms) - (churnSoon ? 0.25 : 0);
          s += 0.2 * rng.normal();
          const score = scoreOf('nps', s, rng);
          const sentiment = sentimentOf('nps', score);
          const fb: FeedbackInput = {
            id: '',
            customer_id: (cust.records[c] as { id: string }).id,
            touchpoint_id: RELATIONAL_TOUCHPOINT,
            submitted_at: iso.format(ms),
            survey: 'nps',
            score,
            mode: 'relational',
          };
          if (rng.chance(COMMENT_RATE[sentiment])) {
            fb.comment = buildComment(rng, sentiment, {
              behavior: 'notify',
              touchpointId: RELATIONAL_TOUCHPOINT,
              kind: 'visit',
              waitSeconds: null,
              abandoned: false,
              unresolved: false,
              release: false,
              relational: true,
            });
          }
          queue.push({ ms, seq: seq++, record: fb, tp: TP_RELATIONAL, team: OWNER[TP_RELATIONAL] as number });
        }
      }

      // ── the answers due today, in order ─────────────────────────────────────────────────
      for (let top = queue.peek(); top !== undefined && top.ms < dayEnd; top = queue.peek()) {
        queue.pop();
        feedbackNo++;
        top.record.id = `F${String(feedbackNo).padStart(7, '0')}`;
        out.feedback.push(top.record);
        out.feedbackTouchpoint.push(top.tp);
        out.feedbackTeam.push(top.team);
        out.submittedMs.push(top.ms);
      }
      yield out;
    }
  }
}

/** A resolution `delayMs` after `ms`, in whole seconds; a few requests are never resolved (NaN). */
function resolveAt(rng: Rng, ms: number, delayMs: number): number {
  if (rng.chance(0.004)) return Number.NaN;
  return toSecond(ms + Math.max(MINUTE, delayMs));
}

function revenueOf(rng: Rng, touchpointId: string, segment: number, load: number): number {
  const median = BASKET[touchpointId] ?? 60;
  const r = rng.lognormal(median, 0.75) * (SEGMENT_REVENUE[segment] as number) * load;
  return Math.max(2, Math.round(r * 100) / 100);
}

const COMMENT_RATE: Record<Sentiment, number> = { neg: 0.55, neu: 0.2, pos: 0.3 };

/** How the circumstances of an interaction move its latent satisfaction. */
function scoreShift(f: Facts, behavior: string, resolutionMs: number): number {
  let s = 0;
  if (f.kind === 'complaint') s -= 0.3;
  else if (f.kind === 'return') s -= 0.1;
  else if (f.kind === 'purchase') s += 0.04;
  if (f.wait !== null) {
    const ref = behavior === 'phone' ? 150 : behavior === 'chat' ? 60 : 240;
    s -= clamp(((f.wait - ref) / ref) * 0.07, -0.04, 0.3);
  }
  if (f.abandoned) s -= 0.22;
  if (resolutionMs > 4 * DAY) s -= 0.08;
  return s;
}

function scoreOf(survey: 'nps' | 'csat' | 'ces', s: number, rng: Rng): number {
  if (survey === 'nps') return clamp(Math.round(10.4 * s + 0.6 + 0.9 * rng.normal()), 0, 10);
  if (survey === 'csat') return clamp(Math.round(1 + 4.4 * s + 0.45 * rng.normal()), 1, 5);
  return clamp(Math.round(1.2 + 6.2 * s + 0.6 * rng.normal()), 1, 7);
}

function sentimentOf(survey: 'nps' | 'csat' | 'ces', score: number): Sentiment {
  if (survey === 'nps') return score <= 6 ? 'neg' : score <= 8 ? 'neu' : 'pos';
  if (survey === 'csat') return score <= 2 ? 'neg' : score === 3 ? 'neu' : 'pos';
  return score <= 3 ? 'neg' : score === 4 ? 'neu' : 'pos';
}

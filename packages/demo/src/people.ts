/** French customers: names, e-mails, segments, regions, acquisition and churn. */
import type { ZCustomerRecord } from '@parcours/domain';
import type { z } from 'zod';
import { hashSeed, Rng } from './random.ts';

export type CustomerInput = z.input<typeof ZCustomerRecord>;

const FEMALE = (
  'Marie,Camille,Léa,Manon,Chloé,Emma,Inès,Sarah,Julie,Laura,Pauline,Mathilde,Clara,Anaïs,Lucie,' +
  'Élodie,Sophie,Nathalie,Isabelle,Sandrine,Céline,Aurélie,Émilie,Caroline,Valérie,Christine,' +
  'Catherine,Sylvie,Martine,Françoise,Hélène,Charlotte,Juliette,Louise,Jade,Alice,Zoé,Agathe,' +
  'Margaux,Océane,Yasmine,Fatima,Amina,Lina,Nadia,Mélanie,Virginie,Stéphanie,Audrey,Claire'
).split(',');
const MALE = (
  'Thomas,Nicolas,Julien,Maxime,Alexandre,Antoine,Lucas,Hugo,Louis,Nathan,Paul,Arthur,Gabriel,' +
  'Jules,Raphaël,Léo,Mathieu,Romain,Guillaume,Pierre,Jean,Philippe,Michel,Alain,Patrick,Christophe,' +
  'Stéphane,Laurent,Olivier,David,Sébastien,François,Frédéric,Éric,Vincent,Benoît,Jérôme,Damien,' +
  'Florian,Quentin,Karim,Mehdi,Youssef,Samir,Rayan,Adam,Théo,Baptiste,Clément,Yann'
).split(',');
const LAST = (
  'Martin,Bernard,Thomas,Petit,Robert,Richard,Durand,Dubois,Moreau,Laurent,Simon,Michel,Lefebvre,' +
  'Leroy,Roux,David,Bertrand,Morel,Fournier,Girard,Bonnet,Dupont,Lambert,Fontaine,Rousseau,Vincent,' +
  'Muller,Lefèvre,Faure,André,Mercier,Blanc,Guérin,Boyer,Garnier,Chevalier,François,Legrand,' +
  'Gauthier,Garcia,Perrin,Robin,Clément,Morin,Nicolas,Henry,Roussel,Mathieu,Gautier,Masson,' +
  'Marchand,Duval,Denis,Dumont,Marie,Lemaire,Noël,Meyer,Dufour,Meunier,Brun,Blanchard,Giraud,Joly,' +
  'Rivière,Lucas,Brunet,Gaillard,Barbier,Arnaud,Martinez,Gérard,Roche,Renard,Schmitt,Roy,Leroux,' +
  'Colin,Vidal,Caron,Picard,Roger,Fabre,Aubert,Lemoine,Renaud,Dumas,Lacroix,Olivier,Philippe,' +
  'Bourgeois,Pierre,Benoît,Rey,Leclerc,Payet,Rolland,Le Gall,Le Goff,Guillaume,Kerjean,Le Bihan,' +
  'Haddad,Benali,Nguyen,Diallo,Da Silva,Ferreira,Rossi,Lopez'
).split(',');

export const SEGMENTS = ['Particulier', 'Professionnel', 'Premium', 'Jeune'] as const;
export type Segment = (typeof SEGMENTS)[number];
const SEGMENT_WEIGHTS = [0.55, 0.12, 0.13, 0.2];
/** yearly churn hazard per segment (about 19% a year overall) */
const SEGMENT_CHURN = [0.2, 0.14, 0.1, 0.28];
/** how often customers of a segment interact, relative */
const SEGMENT_ACTIVITY = [1, 1.3, 1.6, 1.1];

export const REGIONS = [
  'Île-de-France',
  'Auvergne-Rhône-Alpes',
  "Provence-Alpes-Côte d'Azur",
  'Occitanie',
  'Nouvelle-Aquitaine',
  'Hauts-de-France',
  'Grand Est',
  'Bretagne',
  'Pays de la Loire',
  'Normandie',
  'Bourgogne-Franche-Comté',
  'Centre-Val de Loire',
  'Corse',
] as const;
/** roughly the population of each région (millions) */
const REGION_WEIGHTS = [12.3, 8.1, 5.1, 6, 6, 6, 5.6, 3.4, 3.8, 3.3, 2.8, 2.6, 0.35];

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

/** Internal, column-wise view of the customers that the simulation reads. */
export type CustomerTable = {
  records: CustomerInput[];
  acquired: Float64Array;
  /** churn time, or +Infinity */
  churned: Float64Array;
  segment: Uint8Array;
  /** relative activity in (0, 1]: the chance to accept a customer drawn from the pool */
  activity: Float32Array;
};

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function emailLocal(first: string, last: string): string {
  const clean = (s: string) =>
    stripAccents(s)
      .toLowerCase()
      .replace(/[^a-z]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `${clean(first)}.${clean(last)}`;
}

/**
 * Customers acquired before the window (up to three years back) and during it (growing),
 * each with a churn drawn from the segment's hazard; ids follow the order of acquisition.
 */
export function generateCustomers(
  seed: number,
  count: number,
  startMs: number,
  endMs: number,
): CustomerTable {
  const rng = new Rng(hashSeed(seed, 0xc0ffee));
  const windowMs = endMs - startMs;
  const rows: { acquired: number; churned: number; segment: number; activity: number; female: boolean }[] =
    [];
  for (let k = 0; k < count; k++) {
    let acquired: number;
    if (rng.chance(0.55)) {
      acquired = startMs - rng.next() * 3 * YEAR;
    } else {
      // growth: density rising by 60% across the window, with a bump around the year-end sales
      for (;;) {
        const x = rng.next();
        const t = startMs + x * windowMs;
        const month = new Date(t).getUTCMonth();
        const w = (1 + 0.6 * x) * (month === 10 || month === 11 ? 1.35 : month === 6 ? 1.15 : 1);
        if (rng.next() * 1.35 * 1.6 < w) {
          acquired = t;
          break;
        }
      }
    }
    acquired = Math.floor(acquired / 1000) * 1000;
    if (acquired >= endMs) acquired = endMs - DAY;
    const segment = rng.pickWeighted(SEGMENT_WEIGHTS);
    const lifetime = Math.max(DAY, rng.exponential(YEAR / (SEGMENT_CHURN[segment] as number)));
    const churnAt = Math.floor((acquired + lifetime) / 1000) * 1000;
    const churned = churnAt < endMs ? churnAt : Number.POSITIVE_INFINITY;
    const activity = Math.min(
      1,
      0.22 * Math.exp(0.75 * rng.normal()) * (SEGMENT_ACTIVITY[segment] as number),
    );
    rows.push({ acquired, churned, segment, activity: Math.max(0.02, activity), female: rng.chance(0.52) });
  }
  rows.sort((a, b) => a.acquired - b.acquired);

  const seen = new Map<string, number>();
  const n = rows.length;
  const table: CustomerTable = {
    records: [],
    acquired: new Float64Array(n),
    churned: new Float64Array(n),
    segment: new Uint8Array(n),
    activity: new Float32Array(n),
  };
  for (let k = 0; k < n; k++) {
    const r = rows[k] as (typeof rows)[number];
    const first = rng.pick(r.female ? FEMALE : MALE);
    const last = rng.pick(LAST);
    const local = emailLocal(first, last);
    const used = seen.get(local) ?? 0;
    seen.set(local, used + 1);
    const domain = rng.chance(0.7) ? 'example.fr' : 'example.com';
    const email = `${local}${used === 0 ? '' : used + 1}@${domain}`;
    table.acquired[k] = r.acquired;
    table.churned[k] = r.churned;
    table.segment[k] = r.segment;
    table.activity[k] = r.activity;
    table.records.push({
      id: `C${String(k + 1).padStart(6, '0')}`,
      name: `${first} ${last}`,
      email,
      segment: SEGMENTS[r.segment] as string,
      region: REGIONS[rng.pickWeighted(REGION_WEIGHTS)] as string,
      acquired_at: new Date(r.acquired).toISOString().replace('.000Z', 'Z'),
      churned_at: Number.isFinite(r.churned) ? new Date(r.churned).toISOString().replace('.000Z', 'Z') : null,
    });
  }
  return table;
}

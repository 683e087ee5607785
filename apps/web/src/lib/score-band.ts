/**
 * The band of one survey answer, as the KPI definitions read it: NPS detractor 0–6, passive
 * 7–8, promoter 9–10; CSAT dissatisfied 1–2, neutral 3, satisfied 4–5; CES difficult 1–3,
 * neutral 4, easy 5–7. Used to word and colour a single score, never to compute a KPI.
 */
export type Survey = 'nps' | 'csat' | 'ces';

export function scoreBand(survey: Survey, score: number): 'good' | 'mid' | 'bad' {
  if (survey === 'nps') return score >= 9 ? 'good' : score >= 7 ? 'mid' : 'bad';
  if (survey === 'csat') return score >= 4 ? 'good' : score === 3 ? 'mid' : 'bad';
  return score >= 5 ? 'good' : score === 4 ? 'mid' : 'bad';
}

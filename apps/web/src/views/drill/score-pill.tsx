import { SCORE_RANGES } from '@parcours/domain';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { scoreBand } from '../../lib/score-band.ts';

type Survey = keyof typeof SCORE_RANGES;

const WORDS = {
  nps: { good: 'promoter', mid: 'passive', bad: 'detractor' },
  csat: { good: 'satisfied', mid: 'neutral', bad: 'dissatisfied' },
  ces: { good: 'easy', mid: 'neutral', bad: 'difficult' },
} as const;

/** A score with its band in words and colour: "3/10 Detractor". */
export function ScorePill({ survey, score }: { survey: Survey; score: number }) {
  const { t, fmt } = useI18n();
  const band = scoreBand(survey, score);
  return (
    <span className="score">
      <span className={`score-pill score-${band}`}>
        {t.score.outOf(fmt.integer(score), SCORE_RANGES[survey][1])}
      </span>
      <span>{t.score[WORDS[survey][band]]}</span>
    </span>
  );
}

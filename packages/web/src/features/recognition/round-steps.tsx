import type { RoundView } from '@qunce/core/recognition';
import { Steps } from 'antd';
import { useLocale, useT } from '../../i18n/locale-context.tsx';
import { stageName } from './recognition-labels.ts';

/**
 * Where the round is: applications → each review stage (materials, defence, …) → decision → notice →
 * recognition. During the review the current step is the last stage whose panel is drawn (the
 * province knows the panels; others see the first stage).
 */
export function RoundSteps({ round, drawnStages }: { round: RoundView; drawnStages: readonly string[] }) {
  const t = useT();
  const { locale } = useLocale();
  const stages = round.stages;
  const lastDrawn = stages.reduce((found, stage, i) => (drawnStages.includes(stage.code) ? i : found), 0);
  const current =
    round.status === 'open'
      ? 0
      : round.status === 'reviewing'
        ? 1 + lastDrawn
        : round.status === 'decided'
          ? 1 + stages.length
          : round.status === 'notice'
            ? 2 + stages.length
            : 3 + stages.length;
  return (
    <Steps
      size="small"
      aria-label={t('recognitionFlow.steps')}
      data-testid="round-steps"
      current={current}
      status={round.status === 'recognised' ? 'finish' : 'process'}
      items={[
        { title: t('recognitionFlow.step.open') },
        ...stages.map((stage) => ({ title: stageName(stage, locale) })),
        { title: t('recognitionFlow.step.decision') },
        { title: t('recognitionFlow.step.notice') },
        { title: t('recognitionFlow.step.recognised') },
      ]}
    />
  );
}

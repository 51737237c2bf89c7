import type { Shell } from '../shell.ts';

/** 「手順 4/8」: where a page stands in the reservation flow ①–⑧. */
export function ReservationStep({ shell, step }: { shell: Shell; step: number }) {
  return <p class="small">{shell.t('reserve.stepLabel', { step, steps: 8 })}</p>;
}

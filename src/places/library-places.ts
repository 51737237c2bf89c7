/** The library counters among the pickup places: where copies live (a bookmobile station holds none). */
import type { PickupPlace } from '../config.ts';

/** Their codes in the configured order; the first is where an import puts a copy that names no place. */
export function libraryPlaceCodes(places: readonly PickupPlace[]): string[] {
  return places.filter((p) => p.kind === 'library').map((p) => p.code);
}

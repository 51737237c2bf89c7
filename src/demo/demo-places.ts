/**
 * Where the demo library puts its copies and pickups: the configured places,
 * so a library trying the service under its own LIBRARY_CONFIG sees its own
 * counters and 「BM」 stations (and the seed never names a place the
 * configuration does not have).
 */
import type { PickupPlace } from '../config.ts';

export interface DemoPlaces {
  /** The first library counter: most copies live here and most holds are picked up here. */
  home: string;
  /** A second library counter, where some second copies live so checkins send copies in transit; the home library when there is one counter. */
  branch: string;
  /** The 「BM」 station for the demo's n-th bookmobile pickup, wrapping round; the home library when there are no stations. */
  station(n: number): string;
}

export function demoPlaces(places: PickupPlace[]): DemoPlaces {
  const libraries = places.filter((p) => p.kind === 'library').map((p) => p.code);
  const stations = places.filter((p) => p.kind === 'bookmobile').map((p) => p.code);
  const home = libraries[0]!;
  return {
    home,
    branch: libraries[1] ?? home,
    station: (n) => stations[n % stations.length] ?? home,
  };
}

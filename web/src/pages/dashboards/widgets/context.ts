import type { AwsOptions } from '../../../api';
import type { Range } from '../../../dashboards/timerange';

/** ViewContext is what every widget needs from the dashboard around it. */
export interface ViewContext {
  range: Range;
  /** tick changes on every refresh (manual or automatic); widgets reload when it does. */
  tick: number;
  /** periodOverride is the dashboard's "auto" or "inherit". */
  periodOverride?: string;
  aws: AwsOptions;
  /** readOnly hides links into pages a share link cannot open. */
  readOnly: boolean;
}

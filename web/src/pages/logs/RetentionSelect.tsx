import { formatRetention } from '../../ui/format';
import { retentionDays } from './types';

/** 0 stands for "never expire", which is the absence of a retention policy. */
export function RetentionSelect({ value, onChange, id }: { value: number; onChange: (days: number) => void; id?: string }) {
  return (
    <select id={id} value={String(value)} onChange={(e) => onChange(Number(e.currentTarget.value))} data-testid="retention-select">
      <option value="0">Never expire</option>
      {retentionDays.map((d) => (
        <option value={String(d)}>{formatRetention(d)}</option>
      ))}
    </select>
  );
}

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { aws } from '../api';

interface Option {
  /** Groups this option adds: one for a name, several for a prefix. */
  groups: string[];
  label: string;
}

/** Largest selection a single StartQuery accepts by name. */
export const maxGroups = 50;

/**
 * Picks log groups by name or by prefix: typing lists matching groups, and
 * the first suggestion adds every group that starts with the typed text.
 */
export function GroupPicker({
  value,
  onChange,
  label = 'Log groups',
  testId = 'group-picker',
}: {
  value: string[];
  onChange: (groups: string[]) => void;
  label?: string;
  testId?: string;
}) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [note, setNote] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const gen = useRef(0);

  useEffect(() => {
    if (!open) return;
    const my = ++gen.current;
    const t = setTimeout(async () => {
      try {
        const body: Record<string, unknown> = { limit: 50 };
        if (text.trim()) body.logGroupNamePrefix = text.trim();
        const out = await aws<{ logGroups?: { logGroupName: string }[]; nextToken?: string }>('logs', 'DescribeLogGroups', body);
        if (my !== gen.current) return;
        const names = (out.logGroups ?? []).map((g) => g.logGroupName).filter((n) => !value.includes(n));
        const opts: Option[] = names.map((n) => ({ groups: [n], label: n }));
        if (text.trim() && names.length > 1) {
          const more = out.nextToken ? '+' : '';
          opts.unshift({ groups: names, label: `All groups starting with "${text.trim()}" (${names.length}${more})` });
        }
        setOptions(opts);
        setActive(0);
        setNote(opts.length ? '' : 'No matching log groups');
      } catch (e) {
        if (my === gen.current) setNote(e instanceof Error ? e.message : String(e));
      }
    }, 150);
    return () => clearTimeout(t);
  }, [text, open, value.join('\n')]);

  const add = (o: Option) => {
    const next = [...value];
    for (const g of o.groups) if (!next.includes(g)) next.push(g);
    if (next.length > maxGroups) {
      setNote(`At most ${maxGroups} log groups; the first ${maxGroups} are kept`);
      next.length = maxGroups;
    }
    onChange(next);
    setText('');
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      setOpen(true);
      setActive((a) => Math.min(options.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      if (open && options[active]) add(options[active]);
      else return;
    } else if (e.key === 'Escape') {
      if (!open) return;
      setOpen(false);
    } else if (e.key === 'Backspace' && !text && value.length) {
      onChange(value.slice(0, -1));
    } else {
      return;
    }
    e.preventDefault();
    // Enter or Escape handled here must not also submit or close an outer form or dialog.
    e.stopPropagation();
  };

  return (
    <div class="group-picker" data-testid={testId}>
      <div class="chips">
        {value.map((g) => (
          <span class="chip" data-testid={`${testId}-chip`}>
            {g}
            <button type="button" aria-label={`Remove ${g}`} onClick={() => onChange(value.filter((x) => x !== g))}>
              ×
            </button>
          </span>
        ))}
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label={label}
          aria-expanded={open && options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
          placeholder={value.length ? 'Add log groups' : 'Select log groups by name or prefix'}
          value={text}
          style={{ minWidth: '280px', flex: 1 }}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
          data-testid={`${testId}-input`}
        />
        {value.length > 0 && (
          <button type="button" class="btn btn-ghost btn-small" onClick={() => onChange([])}>
            Clear
          </button>
        )}
      </div>
      {open && (options.length > 0 || note) && (
        <ul class="suggest" id={listId} role="listbox" aria-label={`${label} suggestions`}>
          {options.map((o, i) => (
            <li
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              data-testid={`${testId}-option`}
              onMouseDown={(e) => {
                e.preventDefault();
                add(o);
              }}
            >
              {o.label}
            </li>
          ))}
          {note && <li class="muted" role="presentation">{note}</li>}
        </ul>
      )}
    </div>
  );
}

// The transfer picker: type to find a colleague (with their live state; those who
// cannot be rung now are shown disabled with why), a group, or a number; arrows and
// Enter pick, Enter again confirms, Escape steps back. The API's refusal (409 with why,
// 422 with the field) is shown here, in place.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../lib/api';
import { session } from '../lib/session';
import { useAsync } from '../lib/useAsync';
import { Badge, Button } from '../ui';
import { loadDirectory, targetOptions, type TargetOption } from './targets';
import { transfers } from './transfers';
import './transfer.css';

const FIELD_NAMES: Record<string, string> = {
  user_id: 'colleague',
  group_id: 'group',
  number: 'number',
  ring_timeout_seconds: 'ring time',
};

function refusal(error: unknown): string {
  if (error instanceof ApiError && error.field) return `${error.message} (${FIELD_NAMES[error.field] ?? error.field})`;
  return describeError(error);
}

let pickers = 0;

export function TransferPicker({ callId, onClose }: { callId: string; onClose: () => void }) {
  const directory = useAsync((signal) => loadDirectory(signal), []);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<TargetOption | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useMemo(() => `transfer-${++pickers}`, []);
  const search = useRef<HTMLInputElement>(null);
  const confirm = useRef<HTMLDivElement>(null); // Button does not forward refs: its first button
  const selfId = session.me()?.user?.id ?? null;
  const options = useMemo(
    () => (directory.data ? targetOptions(directory.data, query, selfId) : []),
    [directory.data, query, selfId],
  );
  const pickable = options.filter((o) => o.request && !o.unavailableWhy);

  useEffect(() => setActive(0), [query]);
  useEffect(() => (chosen ? confirm.current?.querySelector('button')?.focus() : search.current?.focus()), [chosen]);

  const choose = (option: TargetOption | undefined) => {
    if (!option || !option.request || option.unavailableWhy) return;
    setError(null);
    setChosen(option);
  };
  const send = async () => {
    if (!chosen?.request) return;
    setBusy(true);
    setError(null);
    try {
      await transfers.start(callId, chosen.request);
      onClose();
    } catch (e) {
      setError(refusal(e));
      setBusy(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (chosen) setChosen(null);
      else onClose();
    } else if (!chosen && (e.key === 'ArrowDown' || e.key === 'ArrowUp') && pickable.length) {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : pickable.length - 1)) % pickable.length);
    } else if (!chosen && e.key === 'Enter') {
      e.preventDefault();
      choose(pickable[active]);
    }
  };
  const activeOption = pickable[active];

  return (
    <section class="transfer-picker" aria-label="Transfer the call" onKeyDown={onKeyDown}>
      {chosen ? (
        <div class="transfer-confirm" ref={confirm}>
          <p>
            Transfer the caller to <strong>{chosen.name}</strong>? The caller hears hold music while{' '}
            {chosen.kind === 'number' ? 'the number rings' : chosen.kind === 'group' ? 'the group rings' : `${chosen.name} is rung`}; if nobody
            takes it, the caller comes back to you.
          </p>
          {error && <p class="transfer-error" role="alert">{error}</p>}
          <div class="transfer-buttons">
            <Button variant="primary" busy={busy} onClick={() => void send()}>Transfer to {chosen.name}</Button>
            <Button onClick={() => setChosen(null)} disabled={busy}>Back</Button>
          </div>
        </div>
      ) : (
        <>
          <label class="transfer-label" for={`${id}-search`}>Transfer to</label>
          <input ref={search} id={`${id}-search`} class="input" type="search" autoComplete="off" value={query}
            placeholder="Name, group or phone number" role="combobox" aria-expanded="true" aria-controls={`${id}-list`}
            aria-activedescendant={activeOption ? `${id}-${activeOption.key}` : undefined}
            onInput={(e) => setQuery(e.currentTarget.value)} />
          {directory.error && <p class="transfer-error" role="alert">Could not load your colleagues: {directory.error}</p>}
          {error && <p class="transfer-error" role="alert">{error}</p>}
          <ul id={`${id}-list`} class="transfer-options" role="listbox" aria-label="Colleagues, groups and numbers">
            {options.map((o) => (
              <li key={o.key} id={`${id}-${o.key}`} role="option" aria-selected={o === activeOption}
                aria-disabled={o.unavailableWhy ? 'true' : undefined}
                class={`transfer-option${o === activeOption ? ' is-active' : ''}${o.unavailableWhy ? ' is-disabled' : ''}`}
                onClick={() => choose(o)}>
                <span class="transfer-option-name">{o.name}</span>
                {o.state && <Badge tone={o.state.tone}>{o.state.label}</Badge>}
                <span class="transfer-option-detail">{o.detail}</span>
              </li>
            ))}
          </ul>
          {directory.loading && !directory.data && <p class="muted transfer-hint">Loading colleagues…</p>}
          {directory.data && options.length === 0 && <p class="muted transfer-hint">Nobody matches “{query}”. Type a phone number to call it.</p>}
          {directory.data?.groupsHidden && <p class="muted transfer-hint">Groups are not listed for your account.</p>}
          <div class="transfer-buttons">
            <Button onClick={onClose}>Close</Button>
          </div>
        </>
      )}
    </section>
  );
}

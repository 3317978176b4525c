// An ordered list of words an admin keeps (dispositions, sentiments, R-19): add, remove,
// move up and down with buttons.
import { useState } from 'preact/hooks';
import { Button } from '../../ui';

interface Props {
  id: string;
  label: string;
  items: string[];
  onChange: (items: string[]) => void;
  error?: string | null;
  help?: string;
}

export function ListEditor({ id, label, items, onChange, error, help }: Props) {
  const [text, setText] = useState('');
  const add = () => {
    const value = text.trim();
    if (!value || items.includes(value)) return;
    onChange([...items, value]);
    setText('');
  };
  const move = (index: number, by: -1 | 1) => {
    const next = items.slice();
    [next[index], next[index + by]] = [next[index + by], next[index]];
    onChange(next);
    requestAnimationFrame(() => document.getElementById(`${id}-${index + by}-${by < 0 ? 'up' : 'down'}`)?.focus());
  };
  return (
    <fieldset class="fieldset" id={id} tabIndex={-1}>
      <legend>{label}</legend>
      {help && <p class="field-help">{help}</p>}
      <ol class="word-list">
        {items.map((item, index) => (
          <li key={item} class="row">
            <span>{item}</span>
            <span class="spacer" />
            <Button size="sm" variant="ghost" id={`${id}-${index}-up`} aria-label={`Move ${item} up`} disabled={index === 0} onClick={() => move(index, -1)}>↑</Button>
            <Button size="sm" variant="ghost" id={`${id}-${index}-down`} aria-label={`Move ${item} down`} disabled={index === items.length - 1} onClick={() => move(index, 1)}>↓</Button>
            <Button size="sm" variant="ghost" aria-label={`Remove ${item}`} onClick={() => onChange(items.filter((i) => i !== item))}>Remove</Button>
          </li>
        ))}
      </ol>
      {items.length === 0 && <p class="muted">None: any text is accepted.</p>}
      <div class="row">
        <input class="input" aria-label={`New ${label.toLowerCase().replace(/s$/, '')}`} value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }} />
        <Button size="sm" onClick={add} disabled={!text.trim()}>Add</Button>
      </div>
      {error && <div class="field-error" role="alert">{error}</div>}
    </fieldset>
  );
}

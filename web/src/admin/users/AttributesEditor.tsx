// Key/value rows for a user's attributes (read by group filters, R-4).
import { Button } from '../../ui';
import type { AttributeRow } from './attributes';

interface Props {
  rows: AttributeRow[];
  onChange: (rows: AttributeRow[]) => void;
  error?: string | null;
}

export function AttributesEditor({ rows, onChange, error }: Props) {
  const set = (index: number, patch: Partial<AttributeRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset class="fieldset">
      <legend>Attributes</legend>
      <p class="field-help">
        Read by group filters, e.g. <code>states</code> = <code>["CA", "NV"]</code>, <code>team</code> = <code>west</code>. Lists,
        numbers and true/false are typed as JSON.
      </p>
      {rows.length > 0 && (
        <div class="kv-rows">
          {rows.map((row, index) => (
            <div class="kv-row" key={index}>
              <input class="input" aria-label={`Attribute ${index + 1} name`} placeholder="name" value={row.key}
                onInput={(e) => set(index, { key: e.currentTarget.value })} />
              <input class="input" aria-label={`Attribute ${index + 1} value`} placeholder="value" value={row.value}
                onInput={(e) => set(index, { value: e.currentTarget.value })} />
              <Button size="sm" variant="ghost" aria-label={`Remove attribute ${row.key || index + 1}`}
                onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                ✕
              </Button>
            </div>
          ))}
        </div>
      )}
      {error && <div class="field-error" role="alert">{error}</div>}
      <Button size="sm" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        Add attribute
      </Button>
    </fieldset>
  );
}

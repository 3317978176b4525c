// A value from one of the organization's lists (dispositions, sentiments): the list once
// the settings have loaded, a disabled "Loading…" list until then (never a field that
// turns into another under the user's hands), and free text only when the organization
// keeps no such list or its settings could not be read (the API checks the value).
import { Select, TextInput } from '../ui';

interface Props {
  id: string;
  value: string;
  options: string[];
  loaded: boolean;
  disabled?: boolean;
  placeholder: string; // the list's empty choice: "Choose disposition…", "Any"
  onChange: (value: string) => void;
}

export function ListChoice({ id, value, options, loaded, disabled = false, placeholder, onChange }: Props) {
  if (loaded && options.length === 0)
    return <TextInput id={id} value={value} disabled={disabled} maxLength={100} onInput={(e) => onChange(e.currentTarget.value)} />;
  // A value no longer in the list (it changed since) stays shown.
  const choices = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <Select id={id} value={value} disabled={disabled || !loaded} aria-busy={!loaded}
      placeholder={loaded ? placeholder : 'Loading…'}
      options={choices.map((o) => ({ value: o, label: o }))} onChange={(e) => onChange(e.currentTarget.value)} />
  );
}

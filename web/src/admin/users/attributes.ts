// User (and lead) attributes as the key/value rows an admin edits: a value typed as JSON
// (a list ["CA", "NV"], a number, true/false) is kept as that JSON, anything else as
// text, so that group filters compare what the admin meant.
export interface AttributeRow {
  key: string;
  value: string;
}

export function rowsOf(attributes: Record<string, unknown>): AttributeRow[] {
  return Object.entries(attributes).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}

export function valueOf(text: string): unknown {
  const trimmed = text.trim();
  if (/^(\[|\{|-?\d|true$|false$|null$)/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // Not JSON after all: text.
    }
  }
  return text;
}

// The attributes object, or the first problem (a blank or repeated key).
export function attributesOf(rows: AttributeRow[]): { attributes: Record<string, unknown> } | { error: string } {
  const attributes: Record<string, unknown> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value.trim()) continue;
    if (!key) return { error: 'Every attribute needs a name.' };
    if (key in attributes) return { error: `"${key}" is listed twice.` };
    attributes[key] = valueOf(row.value);
  }
  return { attributes };
}
